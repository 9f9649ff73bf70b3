/**
 * The tool surface (names, descriptions, schemas, annotations) as MCP clients see it, compared
 * with a committed snapshot so that every change to it is deliberate. After an intended change:
 *
 *     UPDATE_SNAPSHOT=1 deno task test tests/tools/surface.test.ts
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { startHarness } from "../support/harness.ts";

const SNAPSHOT = new URL("./tool_surface.snapshot.json", import.meta.url);

Deno.test("the tool surface matches the committed snapshot", async () => {
  const h = await startHarness();
  try {
    const { tools } = await h.client.listTools();
    const surface = JSON.stringify(
      tools.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        annotations: t.annotations,
        inputSchema: t.inputSchema,
        outputSchema: t.outputSchema,
      })),
      null,
      2,
    ) + "\n";
    if (Deno.env.get("UPDATE_SNAPSHOT")) writeFileSync(SNAPSHOT, surface);
    const expected = readFileSync(SNAPSHOT, "utf8");
    assert.equal(
      surface,
      expected,
      "The tool surface changed. If that is intended, run with UPDATE_SNAPSHOT=1 and commit the snapshot.",
    );
  } finally {
    await h.close();
  }
});
