import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";

Deno.test("read_emails lists the inbox newest first, with totals and paging", async () => {
  const h = await startHarness();
  try {
    const first = await h.call("read_emails", { max_results: 3 });
    assert.equal(first.isError, false, first.text);
    assert.equal(first.data.mailbox, "alex@contoso.test");
    assert.equal(first.data.emails.length, 3);
    assert.ok(first.data.total > 3);
    assert.equal(first.data.next_offset, 3);
    const times = first.data.emails.map((e: { received_time: string }) =>
      Date.parse(e.received_time)
    );
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    for (const email of first.data.emails) {
      assert.ok(email.id && email.subject && email.from?.email, JSON.stringify(email));
      assert.equal(typeof email.to, "string", "recipients' display names");
    }
    const second = await h.call("read_emails", { max_results: 3, offset: 3 });
    const ids = new Set(first.data.emails.map((e: { id: string }) => e.id));
    for (const email of second.data.emails) assert.ok(!ids.has(email.id), "pages overlap");
    const all = await h.call("read_emails", { max_results: 100 });
    assert.equal(all.data.emails.length, all.data.total);
    assert.equal(all.data.next_offset, undefined);
  } finally {
    await h.close();
  }
});

Deno.test("read_emails: unread_only and include_body", async () => {
  const h = await startHarness();
  try {
    const unread = await h.call("read_emails", {
      unread_only: true,
      max_results: 100,
      include_body: true,
    });
    assert.equal(unread.isError, false, unread.text);
    assert.ok(unread.data.emails.length > 0);
    for (const email of unread.data.emails) {
      assert.equal(email.is_read, false);
      assert.equal(typeof email.body, "string");
    }
    const all = await h.call("read_emails", { max_results: 100 });
    assert.ok(all.data.total > unread.data.total);
  } finally {
    await h.close();
  }
});

Deno.test("read_emails: bad input is refused with a clear error", async () => {
  const h = await startHarness();
  try {
    const tooMany = await h.call("read_emails", { max_results: 1000 });
    assert.equal(tooMany.isError, true);
    assert.match(tooMany.text, /max_results/);
    const unknownFolder = await h.call("read_emails", {
      folder: "AAMkADNotARealFolderIdButLongEnoughToLookLikeOne00000=",
    });
    assert.equal(unknownFolder.isError, true);
    assert.match(unknownFolder.text, /Error(InvalidIdMalformed|FolderNotFound)/);
    const unknownPath = await h.call("read_emails", { folder: "Inbox/No Such Folder" });
    assert.equal(unknownPath.isError, true);
    assert.match(unknownPath.text, /No folder "Inbox\/No Such Folder"/);
    assert.match(unknownPath.text, /list_folders/);
  } finally {
    await h.close();
  }
});

Deno.test("get_email_details returns the whole message; unknown ids fail clearly", async () => {
  const h = await startHarness();
  try {
    const list = await h.call("read_emails", { max_results: 1 });
    const id = list.data.emails[0].id;
    const details = await h.call("get_email_details", { email_id: id });
    assert.equal(details.isError, false, details.text);
    assert.equal(details.data.id, id);
    assert.equal(details.data.subject, list.data.emails[0].subject);
    assert.ok(details.data.body.length > 0);
    assert.equal(details.data.body_format, "text");
    assert.equal(details.data.mailbox, "alex@contoso.test");
    const html = await h.call("get_email_details", { email_id: id, body_format: "html" });
    assert.equal(html.data.body_format, "html");
    const missing = await h.call("get_email_details", { email_id: "not-an-id" });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /ErrorInvalidIdMalformed|ErrorItemNotFound/);
  } finally {
    await h.close();
  }
});

Deno.test("send_email delivers inside the organisation and saves to Sent Items", async () => {
  const h = await startHarness();
  try {
    const subject = `Budget </t:Subject><x> ]]> & "quotes" ${crypto.randomUUID()}`;
    const sent = await h.call("send_email", {
      to: ["pat@contoso.test"],
      cc: ["someone@example.com"],
      subject,
      body: "<p>Hi Pat</p>",
      body_format: "html",
      importance: "High",
    });
    assert.equal(sent.isError, false, sent.text);
    assert.deepEqual(
      { sent: sent.data.sent, recipients: sent.data.recipients, saved_to: sent.data.saved_to },
      { sent: true, recipients: 2, saved_to: "sentitems" },
    );
    const sentItems = await h.call("read_emails", { folder: "sentitems", max_results: 5 });
    assert.equal(sentItems.data.emails[0].subject, subject);
    const patInbox = await h.call("read_emails", {
      target_mailbox: "pat@contoso.test",
      max_results: 5,
    });
    assert.equal(patInbox.data.emails[0].subject, subject);
    assert.equal(patInbox.data.emails[0].importance, "High");
    assert.equal(patInbox.data.emails[0].is_read, false);
  } finally {
    await h.close();
  }
});

Deno.test("send_email: a retry with the same idempotency_key never sends twice", async () => {
  const h = await startHarness();
  try {
    const args = {
      to: ["pat@contoso.test"],
      subject: `Once only ${crypto.randomUUID()}`,
      body: "hello",
      idempotency_key: "req-42",
    };
    const [a, b] = await Promise.all([h.call("send_email", args), h.call("send_email", args)]);
    const c = await h.call("send_email", args);
    assert.equal(a.isError || b.isError || c.isError, false);
    assert.deepEqual([a.data.duplicate, b.data.duplicate, c.data.duplicate].sort(), [
      false,
      true,
      true,
    ]);
    const pat = await h.call("read_emails", {
      target_mailbox: "pat@contoso.test",
      max_results: 20,
    });
    const copies = pat.data.emails.filter((e: { subject: string }) => e.subject === args.subject);
    assert.equal(copies.length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("send_email: invalid addresses are refused and nothing is sent", async () => {
  const h = await startHarness();
  try {
    const before = h.sim.stats.byOperation.CreateItem ?? 0;
    const bad = await h.call("send_email", { to: ["not an address"], subject: "x", body: "y" });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /Not a valid email address/);
    const none = await h.call("send_email", { to: [], subject: "x", body: "y" });
    assert.equal(none.isError, true);
    assert.equal(h.sim.stats.byOperation.CreateItem ?? 0, before);
  } finally {
    await h.close();
  }
});

Deno.test("read_emails: a folder can be named by its display path, in any case", async () => {
  const h = await startHarness();
  try {
    const tree = await h.call("list_folders");
    const projects = tree.data.folders.find((f: { path: string }) => f.path === "Inbox/Projects");
    assert.ok(projects, "the demo has Inbox/Projects");
    const byPath = await h.call("read_emails", { folder: "inbox/projects" });
    const byId = await h.call("read_emails", { folder: projects.id });
    assert.equal(byPath.isError, false, byPath.text);
    assert.equal(byPath.data.total, projects.total_count);
    assert.deepEqual(byPath.data.emails, byId.data.emails);
    const sub = await h.call("list_folders", { parent_folder: "Inbox/Projects" });
    assert.equal(sub.isError, false, sub.text);
    assert.equal(sub.data.root.id, projects.id);
  } finally {
    await h.close();
  }
});
