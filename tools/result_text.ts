/**
 * The text content of a tool result: what the model reads. Compact JSON (no indentation), with
 * null and empty fields left out and each address written `Name <email>`. Programs read the
 * complete `structuredContent` instead.
 */

/** Renders a tool's view of its result as the text content. */
export function resultText(view: unknown): string {
  return JSON.stringify(compact(view) ?? {});
}

/** Drops null, undefined, empty strings, arrays and objects fields; shortens addresses. */
export function compact(value: unknown): unknown {
  if (value === null || value === undefined || value === "") return undefined;
  // Array items keep their places (table rows are positional): an empty item becomes "".
  if (Array.isArray(value)) {
    return value.length > 0 ? value.map((v) => compact(v) ?? "") : undefined;
  }
  if (typeof value !== "object") return value;
  const address = addressText(value as Record<string, unknown>);
  if (address !== undefined) return address;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = compact(item);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `{name, email}` (the shared address shape) as `Name <email>`, or undefined for other objects. */
function addressText(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (typeof value.email !== "string" || keys.some((k) => k !== "name" && k !== "email")) {
    return undefined;
  }
  const name = typeof value.name === "string" ? value.name.trim() : "";
  return name && name !== value.email ? `${name} <${value.email}>` : value.email;
}
