/**
 * Every request our tools send and every reply the simulator gives, checked against Microsoft's
 * EWS schema in one batch; and the simulator, with validation on, accepts every request we build
 * (Exchange answers a schema-invalid request with ErrorSchemaValidation).
 */
import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";
import { assertSchemaValid } from "../support/schema.ts";
import { exerciseEveryTool } from "../support/exercise.ts";

Deno.test({
  name: "schema: every request and reply of every tool validates",
  async fn() {
    const h = await startHarness({ record: true, env: { TIMEZONE: "Europe/Berlin" } });
    try {
      await exerciseEveryTool(h, "sales@contoso.test");
      const docs = h.sim.exchanges.flatMap((e, i) => [
        { name: `#${i} ${e.operation} request`, xml: e.request },
        { name: `#${i} ${e.operation} reply (${e.status})`, xml: e.response },
      ]);
      assert.ok(docs.length >= 20);
      await assertSchemaValid(docs);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "schema: a validating simulator accepts every request the tools build",
  async fn() {
    const h = await startHarness({
      validateSchema: true,
      env: { EWS_IMPERSONATION_TYPE: "delegate" },
    });
    try {
      await exerciseEveryTool(h, "pat@contoso.test", true);
    } finally {
      await h.close();
    }
  },
});
