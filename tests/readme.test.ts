/** The README's tool, toolset and profile tables are generated from the registry. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { README, renderReadme } from "../scripts/readme.ts";

Deno.test("the README's generated tables match the registry (else: deno task readme)", async () => {
  const current = readFileSync(README, "utf8");
  const expected = await renderReadme(current);
  assert.ok(
    expected === current,
    "README.md is stale: run `deno task readme` and commit README.md",
  );
});
