/**
 * JSON-RPC error codes the SDK gets wrong, fixed on each server instance.
 *
 * Upstream (SDK 2.4): when the params of a spec request (`initialize`, `tools/list`, …) fail its
 * wire schema, the handler throws a plain `Error` whose message is the raw zod issue list, which
 * the protocol layer answers as `-32603 Internal error` with that dump. A bad request is the
 * client's fault: we answer `-32602 Invalid params` with a short message naming the fields.
 */
import { type McpServer, ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";

type Handler = (request: unknown, ctx: unknown) => Promise<unknown>;

export function answerBadParamsWithInvalidParams(server: McpServer): void {
  const protocol = server.server as unknown as { _requestHandlers: Map<string, Handler> };
  const handlers = protocol._requestHandlers;
  const wrap = (handler: Handler): Handler => async (request, ctx) => {
    try {
      return await handler(request, ctx);
    } catch (error) {
      const short = zodIssueSummary(error);
      if (short) throw new ProtocolError(ProtocolErrorCode.InvalidParams, short);
      throw error;
    }
  };
  for (const [method, handler] of handlers) handlers.set(method, wrap(handler));
  const set = handlers.set.bind(handlers);
  handlers.set = (method, handler) => set(method, wrap(handler));
}

/** `Invalid params: params.protocolVersion expected string; …` for a zod dump, else undefined. */
export function zodIssueSummary(error: unknown): string | undefined {
  if (!(error instanceof Error) || error instanceof ProtocolError) return undefined;
  if (!error.message.trimStart().startsWith("[")) return undefined;
  let issues: unknown;
  try {
    issues = JSON.parse(error.message);
  } catch {
    return undefined;
  }
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const parts: string[] = [];
  for (const issue of issues.slice(0, 5)) {
    if (!issue || typeof issue !== "object" || !Array.isArray(issue.path)) return undefined;
    const field = issue.path.join(".") || "params";
    const what = typeof issue.expected === "string" ? `expected ${issue.expected}` : issue.code;
    parts.push(`${field}: ${what}`);
  }
  return `Invalid params: ${parts.join("; ")}${issues.length > 5 ? "; …" : ""}`;
}
