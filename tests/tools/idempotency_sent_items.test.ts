/**
 * Idempotency keys survive a change of server and a restart: a send with a key leaves a mark on
 * its Sent Items copy, and a server that never saw the key looks it up there (one FindItem)
 * before sending. Two servers here share one simulator (one Exchange), each with its own memory,
 * as two replicas or a restarted one do. Every request is checked against the EWS schema.
 */
import assert from "node:assert/strict";
import { EwsError } from "../../ews/errors.ts";
import type { SendMark } from "../../ews/ops/idempotency_marks.ts";
import { sendOnce } from "../../tools/idempotency.ts";
import { shareFolder } from "../support/folder_grants.ts";
import { startHarness } from "../support/harness.ts";
import {
  assertMarkHidden,
  callAcrossRestart,
  count,
  unique,
  withTwoServers,
} from "../support/two_servers.ts";

/** A message sent as pat, its subject as its key. */
const forPat = (subject: string) => ({
  target_mailbox: "pat@contoso.test",
  to: ["sales@contoso.test"],
  subject,
  body: "x",
  idempotency_key: subject,
});

Deno.test("send_email retried on another server is a duplicate found in Sent Items: one FindItem, nothing sent", () =>
  withTwoServers(async (s) => {
    const subject = unique("Quarterly numbers");
    const args = { to: ["pat@contoso.test"], subject, body: "Once.", idempotency_key: subject };
    const first = await s.a.call("send_email", args);
    assert.equal(first.isError, false, first.text);
    assert.equal(first.data.duplicate, false);
    s.sim.resetStats();
    const retry = await s.b.call("send_email", args);
    assert.equal(retry.isError, false, retry.text);
    assert.deepEqual(retry.data, { ...first.data, duplicate: true }, "the same result as sent");
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1 });
    assert.equal(count(s.sim, "pat@contoso.test", "inbox", subject), 1);
    // Known on b now: a further retry there costs nothing.
    s.sim.resetStats();
    assert.equal((await s.b.call("send_email", args)).data.duplicate, true);
    assert.equal(s.sim.stats.requests, 0);
  }));

Deno.test("a restarted server (fresh memory) finds the key in Sent Items", () => {
  const subject = unique("Before the restart");
  const args = { to: ["sales@contoso.test"], subject, body: "x", idempotency_key: subject };
  return callAcrossRestart("send_email", args, (sim, first, retry) => {
    assert.equal(first.data.duplicate, false);
    assert.equal(retry.isError, false, retry.text);
    assert.equal(retry.data.duplicate, true);
    assert.equal(count(sim, "sales@contoso.test", "inbox", subject), 1);
  });
});

Deno.test("the same key with other content on another server is a conflict; nothing is sent", () =>
  withTwoServers(async (s) => {
    const subject = unique("Offer");
    const args = { to: ["pat@contoso.test"], subject, body: "10%", idempotency_key: subject };
    assert.equal((await s.a.call("send_email", args)).isError, false);
    s.sim.resetStats();
    const changed = await s.b.call("send_email", { ...args, body: "20%" });
    assert.equal(changed.isError, true);
    assert.match(changed.text, /already used for a different message/);
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1 });
    assert.equal(count(s.sim, "pat@contoso.test", "inbox", subject), 1);
    // A reply is other content too, even with the same key.
    const emailId = (await s.b.call("read_emails", { max_results: 1 })).data.emails[0].id;
    const reply = await s.b.call("reply_email", {
      email_id: emailId,
      body: "x",
      idempotency_key: subject,
    });
    assert.equal(reply.isError, true);
    assert.match(reply.text, /different message/);
  }));

Deno.test("the mark on the Sent Items copy is a digest, and get_email_details does not show it", () =>
  withTwoServers(async (s) => {
    const key = unique("secret-key");
    const subject = unique("Marked");
    const sent = await s.a.call("send_email", {
      to: ["pat@contoso.test"],
      subject,
      body: "x",
      idempotency_key: key,
    });
    assert.equal(sent.isError, false, sent.text);
    const alex = s.sim.organisation.requireMailbox("alex@contoso.test");
    const copy = alex.itemsIn("sentitems").find((m) => m.subject === subject)!;
    const listed = await s.a.call("read_emails", { folder: "sentitems", max_results: 5 });
    const id = listed.data.emails.find((e: { subject: string }) => e.subject === subject).id;
    const details = await s.a.call("get_email_details", { email_id: id });
    assertMarkHidden(copy.extendedProperties, key, details);
  }));

Deno.test("reply_email and forward_email with a key go through a marked draft; a retry elsewhere is a duplicate", () =>
  withTwoServers(async (s) => {
    const emailId = (await s.a.call("read_emails", { max_results: 1 })).data.emails[0].id;
    for (
      const [tool, extra] of [
        ["reply_email", {}],
        ["forward_email", { to: ["sales@contoso.test"] }],
      ] as const
    ) {
      const key = unique(tool);
      const args = { email_id: emailId, body: `From ${tool}`, idempotency_key: key, ...extra };
      s.sim.resetStats();
      const first = await s.a.call(tool, args);
      assert.equal(first.isError, false, first.text);
      assert.equal(first.data.duplicate, false);
      assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1, CreateItem: 1, UpdateItem: 1 });
      s.sim.resetStats();
      const retry = await s.b.call(tool, args);
      assert.equal(retry.isError, false, retry.text);
      assert.equal(retry.data.duplicate, true, tool);
      assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1 }, tool);
    }
    const alex = s.sim.organisation.requireMailbox("alex@contoso.test");
    const sent = alex.itemsIn("sentitems").filter((m) => /^(RE|FW): /.test(m.subject));
    assert.equal(sent.length, 2, "one reply and one forward");
    assert.equal(alex.itemsIn("drafts").filter((m) => /^(RE|FW): /.test(m.subject)).length, 0);
  }));

Deno.test("a keyed reply whose sending Exchange refuses leaves no draft behind, and the key free", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const emailId = (await h.call("read_emails", { max_results: 1 })).data.emails[0].id;
    const alex = h.sim.organisation.requireMailbox("alex@contoso.test");
    const drafts = () => alex.itemsIn("drafts").length;
    const before = drafts();
    h.sim.injectFault(({ operation }) =>
      operation === "UpdateItem"
        ? { form: "reply", responseCode: "ErrorQuotaExceeded", message: "Mailbox full." }
        : undefined
    );
    const args = { email_id: emailId, body: "x", idempotency_key: unique("refused") };
    const refused = await h.call("reply_email", args);
    assert.equal(refused.isError, true);
    assert.doesNotMatch(refused.text, /may have been sent/);
    assert.equal(drafts(), before, "the reply's draft was deleted again");
    h.sim.clearFaults();
    const retry = await h.call("reply_email", args);
    assert.equal(retry.isError, false, retry.text);
    assert.equal(retry.data.duplicate, false);
  } finally {
    await h.close();
  }
});

Deno.test("send_draft retried elsewhere reports each draft as the first call left it", () =>
  withTwoServers(async (s) => {
    const draft = async (to?: string[]) =>
      (await s.a.call("create_draft", {
        subject: unique("Draft"),
        body: "x",
        ...(to ? { to } : {}),
      }))
        .data.draft_id as string;
    const good = await draft(["pat@contoso.test"]);
    const noRecipients = await draft();
    const args = { draft_ids: [good, noRecipients], idempotency_key: unique("drafts") };
    s.sim.resetStats();
    const first = await s.a.call("send_draft", args);
    assert.equal(first.isError, false, first.text);
    assert.deepEqual(first.data.results.map((r: { ok: boolean }) => r.ok), [true, false]);
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1, UpdateItem: 1 });
    s.sim.resetStats();
    const retry = await s.b.call("send_draft", args);
    assert.equal(retry.data.duplicate, true);
    assert.deepEqual(retry.data.results.map((r: { ok: boolean }) => r.ok), [true, false]);
    assert.match(retry.data.results[1].error, /Not sent by the earlier call/);
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1 });
  }));

Deno.test("impersonation: the key is found in the impersonated mailbox's Sent Items", () =>
  withTwoServers(async (s) => {
    const subject = unique("For pat");
    const args = forPat(subject);
    assert.equal((await s.a.call("send_email", args)).data.duplicate, false);
    const retry = await s.b.call("send_email", args);
    assert.equal(retry.data.duplicate, true, retry.text);
    assert.equal(count(s.sim, "pat@contoso.test", "sentitems", subject), 1);
    assert.equal(count(s.sim, "sales@contoso.test", "inbox", subject), 1);
    // The same key in alex's own mailbox is another message: keys are per mailbox.
    const own = await s.b.call("send_email", { ...args, target_mailbox: undefined });
    assert.equal(own.data.duplicate, false, own.text);
  }));

Deno.test("delegate: send_email's copy is in the service account's Sent Items and found there", () =>
  withTwoServers(async (s) => {
    const subject = unique("On behalf");
    const args = forPat(subject);
    const first = await s.a.call("send_email", args);
    assert.equal(first.isError, false, first.text);
    const retry = await s.b.call("send_email", args);
    assert.equal(retry.isError, false, retry.text);
    assert.deepEqual(retry.data, { ...first.data, duplicate: true });
    assert.equal(count(s.sim, "alex@contoso.test", "sentitems", subject), 1);
    assert.equal(count(s.sim, "sales@contoso.test", "inbox", subject), 1);
  }, { env: { EWS_IMPERSONATION_TYPE: "delegate" }, record: true }));

Deno.test("delegate: a keyed reply drafts and files in the owner's folders, and is found there", () =>
  withTwoServers(async (s) => {
    for (const folder of ["drafts", "sentitems"]) {
      shareFolder(s.a, "pat@contoso.test", folder, "alex@contoso.test");
    }
    const pat = { target_mailbox: "pat@contoso.test" };
    const emailId = (await s.a.call("read_emails", { ...pat, max_results: 1 })).data.emails[0].id;
    const args = { ...pat, email_id: emailId, body: "On it.", idempotency_key: unique("reply") };
    const first = await s.a.call("reply_email", args);
    assert.equal(first.isError, false, first.text);
    const retry = await s.b.call("reply_email", args);
    assert.equal(retry.isError, false, retry.text);
    assert.equal(retry.data.duplicate, true);
    const box = s.sim.organisation.requireMailbox("pat@contoso.test");
    assert.equal(box.itemsIn("sentitems").filter((m) => m.subject.startsWith("RE: ")).length, 1);
  }, { env: { EWS_IMPERSONATION_TYPE: "delegate" } }));

Deno.test("a key that cannot be looked up (no access to Sent Items) fails the call before anything is sent", async () => {
  const h = await startHarness({
    validateSchema: true,
    env: { EWS_IMPERSONATION_TYPE: "delegate" },
  });
  try {
    // alex is pat's delegate on Inbox and Calendar only: pat's Sent Items cannot be read.
    const pat = { target_mailbox: "pat@contoso.test" };
    const emailId = (await h.call("read_emails", { ...pat, max_results: 1 })).data.emails[0].id;
    h.sim.resetStats();
    const refused = await h.call("reply_email", {
      ...pat,
      email_id: emailId,
      body: "x",
      idempotency_key: unique("no access"),
    });
    assert.equal(refused.isError, true);
    assert.match(refused.text, /not shared with it/);
    assert.deepEqual(h.sim.stats.byOperation, { FindItem: 1 }, "nothing else was attempted");
  } finally {
    await h.close();
  }
});

Deno.test("an uncertain send is settled by Sent Items: found is a duplicate, missing is refused", async () => {
  const scope = {};
  const content = { to: ["pat@contoso.test"], subject: "s" };
  const marks: SendMark[] = [];
  let sends = 0;
  const uncertain = (mark?: SendMark) => {
    sends++;
    if (mark) marks.push(mark);
    return Promise.reject(new EwsError("HTTP 504", { kind: "server", maybeDelivered: true }));
  };
  let inSentItems = false;
  const lookup = {
    find: (key: string) =>
      Promise.resolve(
        inSentItems
          ? marks.filter((m) => m.key === key).map((m) => ({ id: "x", content: m.content }))
          : [],
      ),
    rebuild: () => ({ sent: true as const }),
  };
  const request = { mailbox: "alex@contoso.test", key: "k", content, scope, lookup };
  await assert.rejects(sendOnce(request, uncertain), /may have been sent/);
  await assert.rejects(sendOnce(request, uncertain), /may already have gone out/);
  inSentItems = true;
  assert.deepEqual(await sendOnce(request, uncertain), { sent: true, duplicate: true });
  assert.equal(sends, 1);
  // Another scope is another server: it has no memory, and Sent Items answers it too.
  assert.deepEqual(await sendOnce({ ...request, scope: {} }, uncertain), {
    sent: true,
    duplicate: true,
  });
  assert.equal(sends, 1);
});
