/**
 * Reads a JSON-RPC request body within bounds: at most `maxBytes` (a declared Content-Length over
 * it is refused unread), and at most `maxDepth` levels of nesting (checked by a linear scan before
 * `JSON.parse`, so a deeply nested body costs one pass, not a recursive parse).
 */
export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; code: number; message: string };

export const MAX_JSON_DEPTH = 64;

export async function readJsonBody(
  request: Request,
  maxBytes: number,
  maxDepth = MAX_JSON_DEPTH,
): Promise<BodyResult> {
  const tooLarge = {
    ok: false as const,
    status: 413 as const,
    code: -32600,
    message: `Request body larger than ${maxBytes} bytes`,
  };
  if (Number(request.headers.get("content-length")) > maxBytes) return tooLarge;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      let read;
      try {
        read = await reader.read();
      } catch {
        return { ok: false, status: 400, code: -32700, message: "Parse error: body not readable" };
      }
      if (read.done) break;
      size += read.value.byteLength;
      if (size > maxBytes) {
        reader.releaseLock();
        return tooLarge;
      }
      chunks.push(read.value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, code: -32700, message: "Parse error: body is not UTF-8" };
  }
  if (nestingDepth(text) > maxDepth) {
    return {
      ok: false,
      status: 400,
      code: -32700,
      message: `Parse error: JSON nested deeper than ${maxDepth} levels`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, code: -32700, message: "Parse error: body is not valid JSON" };
  }
}

/** The deepest `[`/`{` nesting outside strings (stops counting once it is clearly too deep). */
export function nestingDepth(text: string, stopAt = 10_000): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > stopAt) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
