/**
 * Opaque EWS identifiers. Exchange ids are base64 blobs that clients must not interpret; ours
 * carry the mailbox and the object key so a request can be routed without a global index, and a
 * marker so that ids of other systems (or garbage) are told apart from ids that merely point at
 * something deleted (ErrorInvalidIdMalformed vs. ErrorItemNotFound).
 */

const MARKER = "EwsSim1";

export type IdKind = "folder" | "item" | "attachment";

export interface DecodedId {
  kind: IdKind;
  /** Primary SMTP address of the owning mailbox, lower case. */
  mailbox: string;
  /** The object's key inside the mailbox. */
  key: string;
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  try {
    const binary = atob(value);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Encodes an id. Keys never contain `|`, mailbox addresses cannot. */
export function encodeId(kind: IdKind, mailbox: string, key: string): string {
  return toBase64(`${MARKER}|${kind}|${mailbox.toLowerCase()}|${key}`);
}

/** Decodes an id of the expected kind, or undefined when it is not one of ours (malformed). */
export function decodeId(value: string, kind: IdKind): DecodedId | undefined {
  const text = fromBase64(value.trim());
  if (!text) return undefined;
  const parts = text.split("|");
  if (parts.length !== 4 || parts[0] !== MARKER || parts[1] !== kind) return undefined;
  if (!parts[2].includes("@") || parts[3] === "") return undefined;
  return { kind, mailbox: parts[2], key: parts[3] };
}

/** A change key: changes whenever the object does, so stale updates can be detected. */
export function encodeChangeKey(key: string, version: number): string {
  return toBase64(`CK|${key}|${version}`);
}
