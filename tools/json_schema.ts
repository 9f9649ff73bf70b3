/**
 * The JSON Schemas clients receive in `tools/list`, and what a tool costs a model. zod's
 * conversion carries bytes that tell a model nothing: the `$schema` URI (2020-12 is MCP's
 * default), ±2^53 bounds on every unbounded integer, the regex beside a `format` (email,
 * date-time), and `additionalProperties: false` on every object of an output. `leanSchema` wraps a
 * zod schema so that the SDK emits the schema without them; validation is zod's own, unchanged.
 *
 * zod's conversion is most of a start's CPU time, so the registry's tools come with their lean
 * schemas converted at build time (`tools/json_schemas.generated.ts`, registered with
 * `usePrebuiltJsonSchema`); a test checks them against the live conversion.
 */
import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type { z } from "zod";
import type { ToolDefinition } from "./tool.ts";

type Json = unknown;
export type Io = "input" | "output";

/** Drops what carries no meaning for a reader of the schema (see the module comment). */
export function leanJson(node: Json, io: Io): Json {
  if (Array.isArray(node)) return node.map((n) => leanJson(n, io));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema") continue;
    if ((key === "minimum" || key === "maximum") && Math.abs(value as number) === SAFE) continue;
    if (io === "output" && key === "additionalProperties" && value === false) continue;
    // zod spells out a regex for formats (email, date-time); the format already says it.
    if (key === "pattern" && typeof (node as Record<string, Json>).format === "string") continue;
    out[key] = leanJson(value, io);
  }
  return out;
}

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The zod schema as the SDK lists it: the lean JSON Schema for the SDK's target (draft 2020-12),
 * from the same per-process conversion `tools/list` uses, so asking here costs nothing later.
 */
export function jsonSchemaOf(schema: z.ZodType, io: Io): Record<string, Json> {
  const lean = leanSchema(schema)["~standard"];
  return lean.jsonSchema[io]({ target: PREBUILT_TARGET }) as Record<string, Json>;
}

/** One wrapper per zod schema for the whole process (see `leanSchema`). */
const leanSchemas = new WeakMap<z.ZodType, StandardSchemaWithJSON>();

/** The SDK's target; the one target converted ahead of time. */
const PREBUILT_TARGET = "draft-2020-12";

/** Lean JSON Schemas (as JSON text) converted at build time, per zod schema and direction. */
const prebuilt = new WeakMap<z.ZodType, Partial<Record<Io, string>>>();

/**
 * Serves `json` (the lean draft 2020-12 JSON Schema of `schema`, as JSON text, from the build-time
 * conversion) instead of converting `schema` at run time. Keyed by the schema object itself, so a
 * different schema under the same tool name is still converted live.
 */
export function usePrebuiltJsonSchema(schema: z.ZodType, io: Io, json: string): void {
  prebuilt.set(schema, { ...prebuilt.get(schema), [io]: json });
}

/** zod's conversion, made lean, never from the build-time results (what those are checked by). */
export function liveJsonSchema(
  schema: z.ZodType,
  io: Io,
  target: string = PREBUILT_TARGET,
): Record<string, Json> {
  const std = (schema as unknown as StandardSchemaWithJSON)["~standard"];
  return leanJson(std.jsonSchema[io]({ target } as never), io) as Record<string, Json>;
}

/**
 * A Standard Schema that validates with zod and converts to the lean JSON Schema. Converting is
 * the costly part of building a server instance (HTTP mode builds one per request), so each
 * schema is converted once per process and target, and every instance gets that result.
 */
export function leanSchema(schema: z.ZodType): StandardSchemaWithJSON {
  const known = leanSchemas.get(schema);
  if (known) return known;
  const std = (schema as unknown as StandardSchemaWithJSON)["~standard"];
  const converted = new Map<string, Record<string, Json>>();
  const convert = (io: Io, options: { target: string }) => {
    const key = `${io} ${options.target}`;
    let json = converted.get(key);
    if (!json) {
      const ahead = options.target === PREBUILT_TARGET ? prebuilt.get(schema)?.[io] : undefined;
      json = ahead !== undefined
        ? JSON.parse(ahead) as Record<string, Json>
        : liveJsonSchema(schema, io, options.target);
      converted.set(key, json);
    }
    return json;
  };
  const lean = {
    "~standard": {
      version: 1,
      vendor: "ews-mcp",
      validate: (value: unknown) => std.validate(value),
      jsonSchema: {
        input: (options: { target: string }) => convert("input", options),
        output: (options: { target: string }) => convert("output", options),
      },
    },
  } as unknown as StandardSchemaWithJSON;
  leanSchemas.set(schema, lean);
  return lean;
}

/** What a client hands a model for one tool: name, description and input schema. */
export function modelFacing(tool: Pick<ToolDefinition, "name" | "description" | "input">) {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: { type: "object", ...jsonSchemaOf(tool.input, "input") },
  };
}

/** Bytes (UTF-8) of the compact JSON of a value. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** What a tool costs the model on every turn, in bytes. */
export function toolBytes(tool: Pick<ToolDefinition, "name" | "description" | "input">): number {
  return jsonBytes(modelFacing(tool));
}
