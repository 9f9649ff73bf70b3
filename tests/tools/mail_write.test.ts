import assert from "node:assert/strict";
import { decodeId } from "../../sim/mod.ts";
import { type Harness, startHarness } from "../support/harness.ts";

type Email = { id: string; subject: string; is_read: boolean };

async function inbox(h: Harness, args: Record<string, unknown> = {}): Promise<Email[]> {
  const found = await h.call("search_emails", { max_results: 100, ...args });
  assert.equal(found.isError, false, found.text);
  return found.data.emails;
}

const bySubject = (emails: Email[], subject: string) => {
  const email = emails.find((e) => e.subject === subject);
  assert.ok(email, subject);
  return email;
};

Deno.test("reply_email replies (or to all); with an idempotency_key (lookup, draft, marked send) it sends once", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const original = bySubject(await inbox(h), "Re: Firewall change window");
    h.sim.resetStats();
    const args = {
      email_id: original.id,
      body: "Thanks, will do.",
      reply_all: true,
      idempotency_key: "reply-1",
    };
    const sent = await h.call("reply_email", args);
    assert.equal(sent.isError, false, sent.text);
    const keyed = { FindItem: 1, CreateItem: 1, UpdateItem: 1 };
    assert.deepEqual(h.sim.stats.byOperation, keyed);
    const again = await h.call("reply_email", args);
    assert.equal(again.data.duplicate, true);
    assert.deepEqual(h.sim.stats.byOperation, keyed);
    const ceo = h.sim.organisation.requireMailbox("ceo@contoso.test");
    const pat = h.sim.organisation.requireMailbox("pat@contoso.test");
    const inboxOf = (m: typeof ceo) =>
      m.itemsIn("inbox").filter((i) => i.subject === "RE: Firewall change window");
    assert.equal(inboxOf(ceo).length, 1, "the author got it once");
    assert.equal(inboxOf(pat).length, 1, "reply all reached Cc");
    const sentItems = await inbox(h, { folder: "sentitems", subject: "Firewall" });
    assert.equal(sentItems.length, 1);

    const other = await h.call("reply_email", { ...args, body: "Different text" });
    assert.equal(other.isError, true, "same key, other content");
    const bad = await h.call("reply_email", { email_id: original.id, body: "x", cc: ["nope"] });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /Not a valid email address/);
    const missing = await h.call("reply_email", { email_id: "bogus", body: "x" });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /ErrorInvalidIdMalformed/);
  } finally {
    await h.close();
  }
});

Deno.test("reply_email is not retried when Exchange fails the send (busy): one request, an error", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const original = bySubject(await inbox(h), "Lunch on Thursday?");
    h.sim.resetStats();
    // With a key the request that sends is the UpdateItem of the marked draft.
    let busy = true;
    h.sim.injectFault(({ operation }) =>
      operation === "UpdateItem" && busy ? (busy = false, {}) : undefined
    );
    const failed = await h.call("reply_email", {
      email_id: original.id,
      body: "Sure",
      idempotency_key: "busy-1",
    });
    assert.equal(failed.isError, true);
    assert.deepEqual(
      h.sim.stats.byOperation,
      { FindItem: 1, CreateItem: 1, UpdateItem: 1, DeleteItem: 1 },
      "the send is not retried; its draft is deleted again",
    );
    const pat = h.sim.organisation.requireMailbox("pat@contoso.test");
    const replies = () =>
      pat.itemsIn("inbox").filter((i) => i.subject === "RE: Lunch on Thursday?").length;
    assert.equal(replies(), 0);
    const retried = await h.call("reply_email", {
      email_id: original.id,
      body: "Sure",
      idempotency_key: "busy-1",
    });
    assert.equal(retried.isError, false, "a refused send may be sent again with its key");
    assert.equal(replies(), 1);
  } finally {
    await h.close();
  }
});

Deno.test("forward_email forwards with attachments to new recipients; needs a recipient", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const invoice = bySubject(await inbox(h), "Your invoice INV-20931 from Northwind Traders");
    const none = await h.call("forward_email", { email_id: invoice.id, to: [] });
    assert.equal(none.isError, true);
    h.sim.resetStats();
    const sent = await h.call("forward_email", {
      email_id: invoice.id,
      to: ["pat@contoso.test"],
      body: "FYI, for the budget.",
    });
    assert.equal(sent.isError, false, sent.text);
    assert.deepEqual(h.sim.stats.byOperation, { CreateItem: 1 });
    const pat = await inbox(h, { target_mailbox: "pat@contoso.test", has_attachments: true });
    assert.ok(pat.some((e) => e.subject === "FW: Your invoice INV-20931 from Northwind Traders"));
  } finally {
    await h.close();
  }
});

Deno.test("drafts: create (new and as a reply), update, send; one request each (a keyed send looks up its key first)", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    h.sim.resetStats();
    const draft = await h.call("create_draft", {
      to: ["pat@contoso.test"],
      subject: "Plan",
      body: "First version",
    });
    assert.equal(draft.isError, false, draft.text);
    assert.deepEqual(h.sim.stats.byOperation, { CreateItem: 1 });
    h.sim.resetStats();
    const updated = await h.call("update_draft", {
      draft_id: draft.data.draft_id,
      body: "<p>Second version</p>",
      body_format: "html",
      cc: ["sales@contoso.test"],
    });
    assert.equal(updated.isError, false, updated.text);
    assert.deepEqual(h.sim.stats.byOperation, { UpdateItem: 1 }, "the change key was known");
    const [stored] = (await h.call("get_emails_bulk", {
      email_ids: [draft.data.draft_id],
      body_format: "html",
    })).data.emails;
    assert.match(stored.body, /Second version/);
    assert.deepEqual(stored.cc.map((a: { email: string }) => a.email), ["sales@contoso.test"]);
    const nothing = await h.call("update_draft", { draft_id: draft.data.draft_id });
    assert.equal(nothing.isError, true);
    assert.match(nothing.text, /Nothing to change/);

    h.sim.resetStats();
    const sent = await h.call("send_draft", {
      draft_ids: [draft.data.draft_id],
      idempotency_key: "d1",
    });
    assert.equal(sent.isError, false, sent.text);
    assert.deepEqual(sent.data.results, [{ id: draft.data.draft_id, ok: true }]);
    assert.deepEqual(h.sim.stats.byOperation, { FindItem: 1, UpdateItem: 1 });
    const twice = await h.call("send_draft", {
      draft_ids: [draft.data.draft_id],
      idempotency_key: "d1",
    });
    assert.equal(twice.data.duplicate, true);
    assert.deepEqual(h.sim.stats.byOperation, { FindItem: 1, UpdateItem: 1 });
    const gone = await h.call("send_draft", { draft_ids: [draft.data.draft_id] });
    assert.equal(gone.data.results[0].ok, false, "a sent draft is gone");
    assert.match(gone.data.results[0].error, /ErrorItemNotFound/);
    const sales = h.sim.organisation.requireMailbox("sales@contoso.test");
    assert.equal(sales.itemsIn("inbox").filter((i) => i.subject === "Plan").length, 1);

    const original = bySubject(await inbox(h), "Lunch on Thursday?");
    const reply = await h.call("create_draft", {
      respond_to_id: original.id,
      response: "reply",
      body: "Yes, 12:30?",
    });
    assert.equal(reply.isError, false, reply.text);
    const [replyDraft] = (await h.call("get_emails_bulk", { email_ids: [reply.data.draft_id] }))
      .data.emails;
    assert.equal(replyDraft.subject, "RE: Lunch on Thursday?");
    assert.match(replyDraft.body, /^Yes, 12:30\?/);
  } finally {
    await h.close();
  }
});

Deno.test("update_email sets read, flag with due date, categories, importance in one UpdateItem per call", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const ids = (await inbox(h)).slice(0, 3).map((e) => e.id);
    h.sim.resetStats();
    const result = await h.call("update_email", {
      email_ids: ids,
      is_read: true,
      flag_due: "2030-01-15",
      categories: ["Follow up"],
      importance: "High",
    });
    assert.equal(result.isError, false, result.text);
    assert.deepEqual(h.sim.stats.byOperation, { UpdateItem: 1 });
    assert.deepEqual(result.data.results.map((r: { ok: boolean }) => r.ok), [true, true, true]);
    const { emails } = (await h.call("get_emails_bulk", { email_ids: ids })).data;
    for (const e of emails) {
      assert.equal(e.is_read, true);
      assert.equal(e.importance, "High");
      assert.deepEqual(e.categories, ["Follow up"]);
      assert.deepEqual(e.flag, { status: "Flagged", due: "2030-01-15T00:00:00Z" });
    }
    const flagged = await inbox(h, { flagged: true });
    assert.deepEqual(flagged.map((e) => e.id).sort(), [...ids].sort());
    const cleared = await h.call("update_email", { email_ids: ids, flag: "none", categories: [] });
    assert.equal(cleared.isError, false, cleared.text);
    assert.deepEqual(await inbox(h, { flagged: true }), []);

    h.sim.resetStats();
    const unknown = await h.call("update_email", { email_ids: [ids[0], "bogus"], is_read: false });
    assert.deepEqual(
      h.sim.stats.byOperation,
      { ConvertId: 1, GetItem: 1, UpdateItem: 1 },
      "an unknown id: its owner asked once, then read first",
    );
    assert.deepEqual(unknown.data.results.map((r: { ok: boolean }) => r.ok), [true, false]);
    assert.match(unknown.data.results[1].error, /ErrorInvalidIdMalformed/);
    const nothing = await h.call("update_email", { email_ids: ids });
    assert.equal(nothing.isError, true);
    assert.match(nothing.text, /Nothing to change/);
    const badDate = await h.call("update_email", { email_ids: ids, flag_due: "soon" });
    assert.equal(badDate.isError, true);
  } finally {
    await h.close();
  }
});

Deno.test("update_email: a message changed meanwhile is re-read and retried once, never overwritten blindly", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const [first] = await inbox(h);
    // Someone else changes the message after we read it: our change key is now stale.
    const alex = h.sim.organisation.requireMailbox("alex@contoso.test");
    const item = alex.items.get(decodeId(first.id, "item")!.key)!;
    item.categories = ["Theirs"];
    alex.touch(item);
    h.sim.resetStats();
    const result = await h.call("update_email", { email_ids: [first.id], importance: "Low" });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.data.results[0].ok, true);
    assert.deepEqual(h.sim.stats.byOperation, { UpdateItem: 2, GetItem: 1 });
    assert.deepEqual(item.categories, ["Theirs"], "their change survives");
    assert.equal(item.importance, "Low");
  } finally {
    await h.close();
  }
});

Deno.test("move_email and copy_email return new ids; delete_email goes to Deleted Items unless permanent", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const [a, b, c] = (await inbox(h)).map((e) => e.id);
    h.sim.resetStats();
    const moved = await h.call("move_email", { email_ids: [a, b], folder: "Inbox/Projects" });
    assert.equal(moved.isError, false, moved.text);
    assert.deepEqual(h.sim.stats.byOperation, { FindFolder: 1, MoveItem: 1 });
    const newIds = moved.data.results.map((r: { new_id: string }) => r.new_id);
    assert.equal(newIds.length, 2);
    assert.ok(newIds.every((id: string) => id && id !== a && id !== b));
    const projects = await inbox(h, { folder: "Inbox/Projects" });
    assert.ok(newIds.every((id: string) => projects.some((e) => e.id === id)));
    h.sim.resetStats();
    const copied = await h.call("copy_email", { email_ids: [c], folder: "junkemail" });
    assert.deepEqual(h.sim.stats.byOperation, { CopyItem: 1 });
    assert.ok(copied.data.results[0].new_id);
    assert.ok((await inbox(h)).some((e) => e.id === c), "the original stays");

    h.sim.resetStats();
    const trashed = await h.call("delete_email", { email_ids: [c, "bogus"] });
    // "bogus" was never seen: its owner is asked once (ConvertId: malformed), then Exchange
    // refuses it per item while c is deleted.
    assert.deepEqual(h.sim.stats.byOperation, { ConvertId: 1, DeleteItem: 1 });
    assert.deepEqual(trashed.data.results.map((r: { ok: boolean }) => r.ok), [true, false]);
    const deleted = await inbox(h, { folder: "deleteditems" });
    assert.equal(deleted.length, 1);
    const gone = await h.call("delete_email", { email_ids: [deleted[0].id], permanent: true });
    assert.equal(gone.data.results[0].ok, true);
    assert.deepEqual(await inbox(h, { folder: "deleteditems" }), []);
    const noFolder = await h.call("move_email", { email_ids: [newIds[0]], folder: "Nowhere" });
    assert.equal(noFolder.isError, true);
    const tooMany = await h.call("delete_email", { email_ids: Array(101).fill("x") });
    assert.equal(tooMany.isError, true);
  } finally {
    await h.close();
  }
});

Deno.test("mark_all_read marks a folder in one request", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    h.sim.resetStats();
    const done = await h.call("mark_all_read", {});
    assert.equal(done.isError, false, done.text);
    assert.deepEqual(h.sim.stats.byOperation, { MarkAllItemsAsRead: 1 });
    assert.deepEqual(await inbox(h, { unread: true }), []);
    const unread = await h.call("mark_all_read", { folder: "Inbox/Projects", read: false });
    assert.equal(unread.isError, false, unread.text);
    assert.ok((await inbox(h, { folder: "Inbox/Projects", unread: true })).length > 0);
  } finally {
    await h.close();
  }
});

Deno.test("write tools act in pat's mailbox by impersonation", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const pat = { target_mailbox: "pat@contoso.test" };
    const emails = await inbox(h, pat);
    const holiday = bySubject(emails, "Holiday schedule");
    const flagged = await h.call("update_email", {
      ...pat,
      email_ids: [holiday.id],
      flag: "flagged",
    });
    assert.equal(flagged.data.results[0].ok, true, flagged.text);
    assert.equal(flagged.data.mailbox, "pat@contoso.test");
    const draft = await h.call("create_draft", {
      ...pat,
      respond_to_id: holiday.id,
      response: "forward",
      to: ["alex@contoso.test"],
      body: "See below",
    });
    assert.equal(draft.isError, false, draft.text);
    const sent = await h.call("send_draft", { ...pat, draft_ids: [draft.data.draft_id] });
    assert.equal(sent.data.results[0].ok, true, sent.text);
    assert.ok((await inbox(h)).some((e) => e.subject === "FW: Holiday schedule"));
    const reply = await h.call("reply_email", { ...pat, email_id: holiday.id, body: "Thanks" });
    assert.equal(reply.isError, false, reply.text);
    const moved = await h.call("move_email", {
      ...pat,
      email_ids: [holiday.id],
      folder: "Inbox/Clients",
    });
    assert.equal(moved.data.results[0].ok, true, moved.text);
    const trashed = await h.call("delete_email", {
      ...pat,
      email_ids: [moved.data.results[0].new_id],
    });
    assert.equal(trashed.data.results[0].ok, true);
    const marked = await h.call("mark_all_read", pat);
    assert.equal(marked.isError, false, marked.text);
  } finally {
    await h.close();
  }
});

Deno.test("write tools act in pat's Inbox by delegation", async () => {
  const h = await startHarness({
    validateSchema: true,
    env: { EWS_IMPERSONATION_TYPE: "delegate" },
  });
  try {
    const pat = { target_mailbox: "pat@contoso.test" };
    const emails = await inbox(h, pat);
    const ids = emails.map((e) => e.id);
    const updated = await h.call("update_email", {
      ...pat,
      email_ids: ids,
      categories: ["Seen by Alex"],
    });
    assert.equal(updated.isError, false, updated.text);
    assert.ok(updated.data.results.every((r: { ok: boolean }) => r.ok));
    const marked = await h.call("mark_all_read", pat);
    assert.equal(marked.isError, false, marked.text);
    assert.deepEqual(await inbox(h, { ...pat, unread: true }), []);
  } finally {
    await h.close();
  }
});

Deno.test("write tools on a mailbox without rights fail, name it, and send nothing", async () => {
  const h = await startHarness();
  try {
    const ceo = { target_mailbox: "ceo@contoso.test" };
    for (
      const [name, args] of [
        ["reply_email", { email_id: "x", body: "y" }],
        ["forward_email", { email_id: "x", to: ["pat@contoso.test"] }],
        ["create_draft", { subject: "x" }],
        ["update_draft", { draft_id: "x", subject: "y" }],
        ["send_draft", { draft_ids: ["x"] }],
        ["update_email", { email_ids: ["x"], is_read: true }],
        ["move_email", { email_ids: ["x"], folder: "inbox" }],
        ["copy_email", { email_ids: ["x"], folder: "inbox" }],
        ["delete_email", { email_ids: ["x"] }],
        ["mark_all_read", {}],
      ] as const
    ) {
      const denied = await h.call(name, { ...ceo, ...args });
      assert.equal(denied.isError, true, name);
      assert.match(denied.text, /ceo@contoso\.test/, name);
    }
    const ceoBox = h.sim.organisation.requireMailbox("ceo@contoso.test");
    assert.equal(ceoBox.itemsIn("drafts").length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("every mail tool refuses bad input before sending any request", async () => {
  const h = await startHarness();
  try {
    h.sim.resetStats();
    const cases: [string, Record<string, unknown>][] = [
      ["get_emails_bulk", { email_ids: ["a"], max_body_chars: 5 }],
      ["get_conversation", { email_id: "a", max_messages: 0 }],
      ["get_changes", { max_changes: 0 }],
      ["reply_email", { email_id: "", body: "x" }],
      ["forward_email", { email_id: "a", to: ["not-an-address"] }],
      ["create_draft", { to: ["nope"] }],
      ["create_draft", { respond_to_id: "a", response: "ignore" }],
      ["update_draft", { draft_id: "a", importance: "Urgent" }],
      ["send_draft", { draft_ids: [] }],
      ["update_email", { email_ids: ["a"], flag: "maybe" }],
      ["move_email", { email_ids: ["a"] }],
      ["copy_email", { email_ids: ["a"], folder: "" }],
      ["delete_email", { email_ids: ["a"], permanent: "yes" }],
      ["mark_all_read", { read: "all" }],
      ["search_emails", { unknown_filter: true }],
    ];
    for (const [name, args] of cases) {
      const result = await h.call(name, args);
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}`);
    }
    assert.equal(h.sim.stats.requests, 0);
  } finally {
    await h.close();
  }
});
