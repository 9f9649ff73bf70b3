import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHarness } from "../support/harness.ts";

function auditFile(): string {
  return join(mkdtempSync(join(tmpdir(), "ews-mcp-audit-")), "audit.jsonl");
}

const readAudit = (file: string) =>
  readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));

Deno.test("impersonation: reads another mailbox, names it, and audits the access", async () => {
  const audit = auditFile();
  const h = await startHarness({ env: { EWS_AUDIT_LOG: audit } });
  try {
    const own = await h.call("read_emails", { max_results: 50 });
    const pat = await h.call("read_emails", {
      target_mailbox: "PAT@contoso.test",
      max_results: 50,
    });
    assert.equal(pat.isError, false, pat.text);
    assert.equal(pat.data.mailbox, "PAT@contoso.test");
    for (const email of pat.data.emails) {
      assert.match(email.to, /Pat/, "a message to pat");
    }
    assert.notDeepEqual(
      pat.data.emails.map((e: { id: string }) => e.id),
      own.data.emails.map((e: { id: string }) => e.id),
    );
    const lines = readAudit(audit);
    assert.equal(lines.length, 1, "own-mailbox calls are not audited");
    assert.deepEqual(
      {
        operation: lines[0].operation,
        serviceAccount: lines[0].serviceAccount,
        targetMailbox: lines[0].targetMailbox,
        access: lines[0].access,
        outcome: lines[0].outcome,
      },
      {
        operation: "read_emails",
        serviceAccount: "alex@contoso.test",
        targetMailbox: "PAT@contoso.test",
        access: "impersonation",
        outcome: "success",
      },
    );
    assert.ok(!Number.isNaN(Date.parse(lines[0].time)));
    assert.ok(!readFileSync(audit, "utf8").includes("Demo-Pass"), "no secrets in the audit log");
  } finally {
    await h.close();
  }
});

Deno.test("impersonation: the primary address in any case is the own mailbox", async () => {
  const audit = auditFile();
  const h = await startHarness({ env: { EWS_AUDIT_LOG: audit } });
  try {
    const result = await h.call("read_emails", { target_mailbox: "Alex@Contoso.Test" });
    assert.equal(result.data.mailbox, "alex@contoso.test");
    assert.throws(() => readFileSync(audit), "nothing audited");
  } finally {
    await h.close();
  }
});

Deno.test("impersonation: denied and unknown mailboxes fail plainly, and are audited", async () => {
  const audit = auditFile();
  const h = await startHarness({ env: { EWS_AUDIT_LOG: audit } });
  try {
    const denied = await h.call("read_emails", { target_mailbox: "ceo@contoso.test" });
    assert.equal(denied.isError, true);
    assert.match(denied.text, /Access denied to mailbox: ceo@contoso\.test/);
    assert.match(denied.text, /ApplicationImpersonation/);
    const unknown = await h.call("get_oof_settings", { target_mailbox: "ghost@contoso.test" });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /Mailbox not found: ghost@contoso\.test/);
    assert.match(unknown.text, /Check the address/);
    const lines = readAudit(audit);
    assert.deepEqual(lines.map((l) => [l.targetMailbox, l.outcome, l.error]), [
      ["ceo@contoso.test", "error", "access_denied ErrorImpersonateUserDenied"],
      ["ghost@contoso.test", "error", "not_found ErrorNonExistentMailbox"],
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("impersonation: every request for another mailbox carries the SOAP header", async () => {
  const h = await startHarness({ record: true });
  try {
    await h.call("read_emails", { target_mailbox: "sales@contoso.test" });
    const sent = h.sim.exchanges.filter((e) => e.request.includes("sales@contoso.test"));
    assert.ok(sent.length >= 1, "FindItem");
    for (const exchange of sent) {
      assert.match(
        exchange.request,
        /<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>sales@contoso\.test</,
      );
    }
  } finally {
    await h.close();
  }
});

Deno.test("not enabled: another mailbox is refused with the setting to change", async () => {
  const h = await startHarness({ env: { EWS_IMPERSONATION_ENABLED: "false" } });
  try {
    const before = h.sim.stats.requests;
    const result = await h.call("read_emails", { target_mailbox: "pat@contoso.test" });
    assert.equal(result.isError, true);
    assert.equal(
      result.text,
      "Impersonation not enabled. Set EWS_IMPERSONATION_ENABLED=true to access mailbox: pat@contoso.test",
    );
    assert.equal(h.sim.stats.requests, before, "nothing was sent to Exchange");
  } finally {
    await h.close();
  }
});

Deno.test("delegate: folders are addressed with <t:Mailbox>, never the caller's own", async () => {
  const h = await startHarness({ env: { EWS_IMPERSONATION_TYPE: "delegate" }, record: true });
  try {
    const pat = await h.call("read_emails", {
      target_mailbox: "pat@contoso.test",
      max_results: 50,
    });
    assert.equal(pat.isError, false, pat.text);
    for (const email of pat.data.emails) {
      assert.match(email.to, /Pat/, "a message to pat");
    }
    const requests = h.sim.exchanges.map((e) => e.request);
    assert.ok(requests.every((r) => !r.includes("ExchangeImpersonation")));
    assert.ok(
      requests.some((r) =>
        /<t:DistinguishedFolderId Id="inbox"><t:Mailbox><t:EmailAddress>pat@contoso\.test</.test(r)
      ),
    );
    const denied = await h.call("read_emails", { target_mailbox: "ceo@contoso.test" });
    assert.equal(denied.isError, true);
    assert.match(denied.text, /Access denied to mailbox: ceo@contoso\.test/);
    assert.match(denied.text, /delegate access/);
  } finally {
    await h.close();
  }
});

Deno.test("contexts are cached; concurrent first use resolves once", async () => {
  const h = await startHarness();
  try {
    await Promise.all(
      Array.from(
        { length: 5 },
        () => h.call("get_oof_settings", { target_mailbox: "sales@contoso.test" }),
      ),
    );
    await h.call("get_oof_settings", { target_mailbox: "sales@contoso.test" });
    const created = h.logs.filter((l) => l.includes("Mailbox context created"));
    const hits = h.logs.filter((l) => l.includes("Mailbox context cache hit"));
    assert.equal(created.length, 1);
    assert.equal(hits.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("invalid target addresses are refused before any request", async () => {
  const h = await startHarness();
  try {
    const result = await h.call("read_emails", { target_mailbox: "pat at contoso" });
    assert.equal(result.isError, true);
    assert.match(result.text, /Not a valid mailbox address/);
  } finally {
    await h.close();
  }
});
