/**
 * Every request our tools send and every reply the simulator gives, checked against Microsoft's
 * EWS schema in one batch; and the simulator, with validation on, accepts every request we build
 * (Exchange answers a schema-invalid request with ErrorSchemaValidation).
 */
import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";
import { assertSchemaValid } from "../support/schema.ts";

/** Runs every tool once; OOF of another mailbox needs full access, which a delegate lacks. */
async function exerciseEveryTool(
  h: Awaited<ReturnType<typeof startHarness>>,
  other: string,
  oofOther = true,
) {
  const results = [];
  const list = await h.call("read_emails", {
    max_results: 5,
    unread_only: true,
    include_body: true,
  });
  results.push(list);
  results.push(
    await h.call("get_email_details", { email_id: list.data.emails[0].id, body_format: "html" }),
  );
  results.push(
    await h.call("read_emails", { target_mailbox: other, folder: "sentitems" }),
  );
  results.push(
    await h.call("send_email", {
      to: ["pat@contoso.test"],
      cc: ["x@example.com"],
      bcc: ["sales@contoso.test"],
      subject: "Schema </t:Subject> ]]> &",
      body: "<p>x</p>",
      body_format: "html",
      importance: "Low",
    }),
  );
  results.push(await h.call("list_folders", { target_mailbox: other }));
  results.push(await h.call("get_oof_settings", oofOther ? { target_mailbox: other } : {}));
  results.push(
    await h.call("set_oof_settings", {
      state: "scheduled",
      internal_reply: "Back soon",
      start_time: "2030-01-01T08:00:00Z",
      end_time: "2030-01-05T08:00:00Z",
    }),
  );
  for (const r of results) assert.equal(r.isError, false, r.text);
  // Failures too: their replies must be as valid as successes.
  assert.equal((await h.call("read_emails", { target_mailbox: "ceo@contoso.test" })).isError, true);
  assert.equal((await h.call("get_email_details", { email_id: "AAMkAGI2TG93AAA=" })).isError, true);
}

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
      await exerciseEveryTool(h, "pat@contoso.test", false);
    } finally {
      await h.close();
    }
  },
});
