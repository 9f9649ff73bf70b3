/**
 * The tools' JSON Schemas are converted from zod at build time (`tools/json_schemas.generated.ts`)
 * so that a start does not pay for the conversion. These tests keep that file from ever going
 * stale: it must equal the live conversion of every tool's schemas. After changing a tool:
 *
 *     deno task schemas
 *
 * (or this file with UPDATE_SNAPSHOT=1, like the surface snapshot), then commit the file.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { writeGenerated } from "../../scripts/gen_json_schemas.ts";
import {
  jsonSchemaOf,
  leanSchema,
  liveJsonSchema,
  usePrebuiltJsonSchema,
} from "../../tools/json_schema.ts";
import { GENERATED_JSON_SCHEMAS } from "../../tools/json_schemas.generated.ts";
import { TOOL_MODULES } from "../../tools/registry.ts";

const TOOLS = TOOL_MODULES.flatMap((module) => module.tools);
const STALE = "tools/json_schemas.generated.ts is stale: run `deno task schemas` and commit it";

Deno.test("the build-time JSON Schemas equal the live zod conversion of every tool", () => {
  if (Deno.env.get("UPDATE_SNAPSHOT") && writeGenerated()) {
    console.log("tools/json_schemas.generated.ts rewritten: run the tests again");
    return;
  }
  assert.deepEqual(Object.keys(GENERATED_JSON_SCHEMAS), TOOLS.map((tool) => tool.name), STALE);
  for (const tool of TOOLS) {
    for (const io of ["input", "output"] as const) {
      assert.deepEqual(
        JSON.parse(GENERATED_JSON_SCHEMAS[tool.name][io]),
        liveJsonSchema(tool[io], io),
        `${tool.name} ${io}: ${STALE}`,
      );
    }
  }
});

Deno.test("every registry tool is listed with its build-time schemas, equal to zod's", () => {
  for (const tool of TOOLS) {
    for (const io of ["input", "output"] as const) {
      assert.deepEqual(jsonSchemaOf(tool[io], io), liveJsonSchema(tool[io], io), tool.name);
    }
  }
});

Deno.test("a build-time schema is served instead of converting, for its own zod schema only", () => {
  const schema = z.object({ a: z.string() });
  const other = z.object({ a: z.string() });
  usePrebuiltJsonSchema(schema, "input", '{"type":"object","description":"prebuilt"}');
  assert.deepEqual(jsonSchemaOf(schema, "input"), { type: "object", description: "prebuilt" });
  // Another schema object (say, a changed tool under the same name) is converted live.
  assert.deepEqual(jsonSchemaOf(other, "input"), liveJsonSchema(other, "input"));
  // Only draft 2020-12 (the SDK's target) is prebuilt; other targets are converted live.
  const draft7 = leanSchema(schema)["~standard"].jsonSchema.input({ target: "draft-07" });
  assert.deepEqual(draft7, liveJsonSchema(schema, "input", "draft-07"));
});
