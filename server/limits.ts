/**
 * The largest message a transport must accept, derived from the tools' own argument bounds, so
 * a call the tool schema allows is never cut off by the transport (and the transport refuses
 * anything larger): every string at its maximum length in 3-byte UTF-8, every array full.
 */
import { jsonSchemaOf } from "../tools/json_schema.ts";
import type { ToolDefinition } from "../tools/tool.ts";

/** Room for the JSON-RPC envelope, `_meta`, names and punctuation. */
const ENVELOPE_BYTES = 64 * 1024;
/** Never below the SDK's own default. */
const FLOOR_BYTES = 4 * 1024 * 1024;

export function maxMessageBytes(tools: ToolDefinition[]): number {
  let largest = 0;
  for (const tool of tools) {
    // The conversion tools/list answers with (made once per process): not a second one at start.
    const schema = jsonSchemaOf(tool.input, "input");
    largest = Math.max(largest, worstCaseBytes(schema));
  }
  return Math.max(FLOOR_BYTES, largest + ENVELOPE_BYTES);
}

// deno-lint-ignore no-explicit-any
function worstCaseBytes(schema: any): number {
  if (!schema || typeof schema !== "object") return 16;
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) {
    return Math.max(...(schema.anyOf ?? schema.oneOf).map(worstCaseBytes));
  }
  switch (schema.type) {
    case "string":
      return (schema.maxLength ?? (schema.format === "email" ? 320 : 1024)) * 3 + 2;
    case "array":
      return (schema.maxItems ?? 100) * (worstCaseBytes(schema.items) + 1) + 2;
    case "object": {
      let total = 2;
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        total += name.length + 4 + worstCaseBytes(property);
      }
      return total;
    }
    default:
      return 32;
  }
}
