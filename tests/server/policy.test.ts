/**
 * The mailbox policy: deployment-wide allow/deny lists and per-key allow-lists, enforced before
 * any request reaches Exchange, on every transport, with denials in the audit log.
 */
import assert from "node:assert/strict";
import { matchesPattern, policyDenial } from "../../tools/policy.ts";
import { startHarness } from "../support/harness.ts";
import { bearer, call, KEY_A, KEY_B, startHttpHarness } from "./support.ts";

Deno.test("policy: patterns match whole addresses or whole domains, in any case", () => {
  assert.ok(matchesPattern("Sales@Contoso.com", "sales@contoso.COM"));
  assert.ok(matchesPattern("*@contoso.com", "pat@Contoso.com"));
  assert.ok(!matchesPattern("*@contoso.com", "pat@sub.contoso.com"));
  assert.ok(!matchesPattern("*@contoso.com", "pat@evilcontoso.com"));
  assert.ok(!matchesPattern("sales@contoso.com", "sales@contoso.com.evil"));
  const policy = { allowed: ["*@contoso.com"], denied: ["ceo@contoso.com"] };
  assert.equal(policyDenial(policy, { name: "x" }, "pat@contoso.com"), undefined);
  assert.match(policyDenial(policy, { name: "x" }, "ceo@contoso.com")!, /DENIED/);
  assert.match(policyDenial(policy, { name: "x" }, "a@fabrikam.com")!, /ALLOWED/);
  assert.match(
    policyDenial(policy, { name: "x", allowed: ["sales@contoso.com"] }, "pat@contoso.com")!,
    /allowed for x/,
  );
});

Deno.test("policy over HTTP: a key reaches only its own mailboxes; nothing is sent to Exchange otherwise", async () => {
  const h = await startHttpHarness({
    MCP_API_KEYS: `team-a:${KEY_A},team-b:${KEY_B}`,
    EWS_ALLOWED_MAILBOXES_TEAM_A: "sales@contoso.test",
  });
  try {
    const allowed = await h.post(
      call("get_oof_settings", { target_mailbox: "sales@contoso.test" }),
      bearer(KEY_A),
    );
    assert.equal(allowed.body.result.isError ?? false, false);
    const before = h.sim.stats.requests;
    const denied = await h.post(
      call("read_emails", { target_mailbox: "pat@contoso.test" }),
      bearer(KEY_A),
    );
    assert.equal(denied.body.result.isError, true);
    assert.match(denied.body.result.content[0].text, /Access denied to mailbox: pat@contoso.test/);
    // Its own primary mailbox is outside its list too.
    const primary = await h.post(call("read_emails", {}), bearer(KEY_A));
    assert.equal(primary.body.result.isError, true);
    assert.equal(h.sim.stats.requests, before, "no request reached Exchange");
    const denial = h.audit().find((l) => l.outcome === "denied");
    assert.equal(denial?.caller, "team-a");
    assert.equal(denial?.targetMailbox, "pat@contoso.test");
    // Another key without a list of its own is not narrowed.
    const other = await h.post(
      call("get_oof_settings", { target_mailbox: "pat@contoso.test" }),
      bearer(KEY_B),
    );
    assert.equal(other.body.result.isError ?? false, false);
  } finally {
    await h.close();
  }
});

Deno.test("policy over stdio/in-process: EWS_DENIED_MAILBOXES applies without any HTTP caller", async () => {
  const h = await startHarness({
    env: { EWS_DENIED_MAILBOXES: "*@fabrikam.test,pat@contoso.test" },
  });
  try {
    const before = h.sim.stats.requests;
    const denied = await h.call("get_oof_settings", { target_mailbox: "PAT@contoso.test" });
    assert.equal(denied.isError, true);
    assert.match(denied.text, /denied by EWS_DENIED_MAILBOXES/);
    assert.equal(h.sim.stats.requests, before, "no request reached Exchange");
    assert.ok(h.logs.some((l) => /Mailbox policy refused a call/.test(l) && /"local"/.test(l)));
    const fine = await h.call("get_oof_settings", { target_mailbox: "sales@contoso.test" });
    assert.equal(fine.isError, false);
  } finally {
    await h.close();
  }
});

Deno.test("policy: EWS_ALLOWED_MAILBOXES limits every caller, the primary mailbox included", async () => {
  const h = await startHarness({ env: { EWS_ALLOWED_MAILBOXES: "*@contoso.test" } });
  try {
    assert.equal((await h.call("get_oof_settings", {})).isError, false);
    const outside = await h.call("get_oof_settings", { target_mailbox: "x@fabrikam.test" });
    assert.equal(outside.isError, true);
    assert.match(outside.text, /not in EWS_ALLOWED_MAILBOXES/);
  } finally {
    await h.close();
  }
});
