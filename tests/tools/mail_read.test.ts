import assert from "node:assert/strict";
import { type Harness, startHarness } from "../support/harness.ts";

type Email = { id: string; subject: string; is_read: boolean; received_time: string };

/** EWS requests one tool call makes, counted by the simulator. */
async function requestsOf(h: Harness, name: string, args: Record<string, unknown>) {
  h.sim.resetStats();
  const result = await h.call(name, args);
  assert.equal(result.isError, false, result.text);
  return { result, stats: { ...h.sim.stats.byOperation }, total: h.sim.stats.requests };
}

Deno.test("search_emails filters by subject, sender, dates, unread, attachments, importance; sorts and pages", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const subject = await h.call("search_emails", { subject: "firewall" });
    assert.equal(subject.isError, false, subject.text);
    assert.deepEqual(subject.data.emails.map((e: Email) => e.subject), [
      "Re: Firewall change window",
    ]);
    assert.equal(subject.data.mailbox, "alex@contoso.test");
    const sender = await h.call("search_emails", { sender: "northwind" });
    assert.deepEqual(sender.data.emails.map((e: Email) => e.subject), [
      "Your invoice INV-20931 from Northwind Traders",
    ]);
    const attachments = await h.call("search_emails", { has_attachments: true });
    assert.ok(attachments.data.total > 0);
    for (const e of attachments.data.emails) assert.equal(e.has_attachments, true);
    const unreadHigh = await h.call("search_emails", { unread: true, importance: "High" });
    for (const e of unreadHigh.data.emails) {
      assert.equal(e.is_read, false);
      assert.equal(e.importance, "High");
    }
    const all = await h.call("search_emails", { max_results: 100 });
    const oldest = all.data.emails.at(-1).received_time;
    const after = await h.call("search_emails", { received_after: oldest, max_results: 100 });
    assert.equal(after.data.total, all.data.total);
    const before = await h.call("search_emails", { received_before: oldest });
    assert.equal(before.data.total, 0);

    const asc = await h.call("search_emails", { sort: "oldest", max_results: 4 });
    const times = asc.data.emails.map((e: Email) => Date.parse(e.received_time));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.equal(asc.data.next_offset, 4);
    const next = await h.call("search_emails", { sort: "oldest", max_results: 4, offset: 4 });
    assert.equal(next.data.offset, 4);
    assert.ok(
      !next.data.emails.some((e: Email) => asc.data.emails.some((a: Email) => a.id === e.id)),
    );

    const aqs = await h.call("search_emails", {
      query: "subject:migration",
      include_subfolders: true,
    });
    assert.deepEqual(aqs.data.emails.map((e: Email) => e.subject).sort(), [
      "Migration plan v2",
      "Migration: test results",
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("search_emails with include_subfolders merges folders in order and pages across them", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const shallow = await h.call("search_emails", { max_results: 100 });
    const deep = await h.call("search_emails", { include_subfolders: true, max_results: 100 });
    assert.ok(deep.data.total > shallow.data.total);
    assert.ok(deep.data.emails.some((e: Email) => e.subject === "Cut-over checklist"));
    const times = deep.data.emails.map((e: Email) => Date.parse(e.received_time));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const page2 = await h.call("search_emails", {
      include_subfolders: true,
      max_results: 5,
      offset: 5,
    });
    assert.deepEqual(
      page2.data.emails.map((e: Email) => e.id),
      deep.data.emails.slice(5, 10).map((e: Email) => e.id),
    );
    const byPath = await h.call("search_emails", { folder: "Inbox/Projects" });
    assert.equal(byPath.isError, false, byPath.text);
    assert.ok(byPath.data.emails.some((e: Email) => e.subject === "Migration plan v2"));
  } finally {
    await h.close();
  }
});

Deno.test("search_emails: round trips are FindItem + GetItem, plus one FindFolder for subfolders", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    await h.call("search_emails", {});
    const one = await requestsOf(h, "search_emails", { subject: "firewall" });
    assert.deepEqual(one.stats, { FindItem: 1, GetItem: 1 });
    const deep = await requestsOf(h, "search_emails", { include_subfolders: true });
    assert.deepEqual(deep.stats, { FindFolder: 1, FindItem: 1, GetItem: 1 });
    const none = await requestsOf(h, "search_emails", { subject: "no such words anywhere" });
    assert.deepEqual(none.stats, { FindItem: 1 });
  } finally {
    await h.close();
  }
});

Deno.test("search_emails: bad input is refused before any request", async () => {
  const h = await startHarness();
  try {
    h.sim.resetStats();
    for (
      const args of [
        { max_results: 0 },
        { received_after: "last tuesday" },
        { sort: "sideways" },
        { importance: "Urgent" },
      ]
    ) {
      const bad = await h.call("search_emails", args);
      assert.equal(bad.isError, true, JSON.stringify(args));
    }
    assert.equal(h.sim.stats.requests, 0);
    const missing = await h.call("search_emails", { folder: "Inbox/Nowhere" });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /No folder "Inbox\/Nowhere"/);
  } finally {
    await h.close();
  }
});

Deno.test("get_emails_bulk reads many ids in one GetItem, with errors per id and capped bodies", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const list = await h.call("search_emails", { max_results: 3 });
    const ids = list.data.emails.map((e: Email) => e.id);
    h.sim.resetStats();
    const bulk = await h.call("get_emails_bulk", {
      email_ids: [...ids, "bogus-id"],
      max_body_chars: 100,
    });
    assert.equal(bulk.isError, false, bulk.text);
    // The ids from the listing are known; "bogus-id" costs one ConvertId (malformed).
    assert.deepEqual(h.sim.stats.byOperation, { ConvertId: 1, GetItem: 1 });
    assert.deepEqual(bulk.data.emails.map((e: Email) => e.id), ids);
    assert.equal(bulk.data.errors.length, 1);
    assert.equal(bulk.data.errors[0].id, "bogus-id");
    assert.match(bulk.data.errors[0].error, /ErrorInvalidIdMalformed/);
    for (const e of bulk.data.emails) {
      assert.ok(e.body.length <= 100);
      assert.doesNotMatch(e.body, /<html/i, "text by default");
    }
    const report = bulk.data.emails.find((e: Email) =>
      e.subject === "Weekly infrastructure report"
    );
    assert.equal(report.body_truncated, true);
    const html = await h.call("get_emails_bulk", {
      email_ids: ids.slice(0, 1),
      body_format: "html",
    });
    assert.match(html.data.emails[0].body, /<html|<div|<p/i);
    const empty = await h.call("get_emails_bulk", { email_ids: [] });
    assert.equal(empty.isError, true);
  } finally {
    await h.close();
  }
});

Deno.test("get_conversation returns the thread across folders; unique_only drops quoted history", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const found = await h.call("search_emails", { subject: "firewall" });
    const id = found.data.emails[0].id;
    const replied = await h.call("reply_email", { email_id: id, body: "Done, change logged." });
    assert.equal(replied.isError, false, replied.text);
    h.sim.resetStats();
    const thread = await h.call("get_conversation", { email_id: id, unique_only: true });
    assert.equal(thread.isError, false, thread.text);
    assert.deepEqual(h.sim.stats.byOperation, { GetItem: 1, GetConversationItems: 1 });
    assert.deepEqual(thread.data.emails.map((e: Email) => e.subject), [
      "Re: Firewall change window",
      "RE: Firewall change window",
    ]);
    assert.notEqual(thread.data.emails[0].folder_id, thread.data.emails[1].folder_id);
    assert.equal(thread.data.emails[1].body, "Done, change logged.");
    const full = await h.call("get_conversation", { email_id: id });
    assert.match(full.data.emails[1].body, /Done, change logged\.[\s\S]*Approved for Saturday/);
    await h.call("delete_email", { email_ids: [thread.data.emails[1].id] });
    const withoutDeleted = await h.call("get_conversation", { email_id: id });
    assert.equal(withoutDeleted.data.emails.length, 1, "Deleted Items are left out");
    const bad = await h.call("get_conversation", { email_id: "bogus" });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /ErrorInvalidIdMalformed/);
  } finally {
    await h.close();
  }
});

Deno.test("get_changes: first call gives a state; then created, read-flag, updated and deleted since", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    h.sim.resetStats();
    const first = await h.call("get_changes", {});
    assert.equal(first.isError, false, first.text);
    assert.deepEqual(h.sim.stats.byOperation, { SyncFolderItems: 1 });
    assert.equal(first.data.complete, true);
    assert.ok(first.data.item_count > 5);
    assert.equal(first.data.created, undefined, "the first call lists nothing");
    const quiet = await h.call("get_changes", { sync_state: first.data.sync_state });
    assert.deepEqual(Object.keys(quiet.data).sort(), ["complete", "mailbox", "sync_state"]);

    const list = await h.call("search_emails", { max_results: 3 });
    const [a, b, c] = list.data.emails.map((e: Email) => e.id);
    await h.call("update_email", { email_ids: [a], is_read: !list.data.emails[0].is_read });
    await h.call("update_email", { email_ids: [b], importance: "Low" });
    await h.call("delete_email", { email_ids: [c] });
    await h.call("send_email", { to: ["alex@contoso.test"], subject: "Note to self", body: "x" });
    h.sim.resetStats();
    const changes = await h.call("get_changes", { sync_state: first.data.sync_state });
    assert.deepEqual(h.sim.stats.byOperation, { SyncFolderItems: 1 });
    assert.deepEqual(changes.data.read_flag_changed, [{
      id: a,
      is_read: !list.data.emails[0].is_read,
    }]);
    assert.deepEqual(changes.data.updated.map((e: Email) => e.id), [b]);
    assert.deepEqual(changes.data.deleted, [c]);
    assert.deepEqual(changes.data.created.map((e: Email) => e.subject), ["Note to self"]);
    const garbage = await h.call("get_changes", { sync_state: "bm90IGEgc3RhdGU=" });
    assert.equal(garbage.isError, true);
    assert.match(garbage.text, /ErrorInvalidSyncStateData/);
  } finally {
    await h.close();
  }
});

Deno.test("read tools work on pat's mailbox by impersonation and by delegation (Inbox)", async () => {
  for (const type of ["impersonation", "delegate"]) {
    const h = await startHarness({ validateSchema: true, env: { EWS_IMPERSONATION_TYPE: type } });
    try {
      const pat = { target_mailbox: "pat@contoso.test" };
      const found = await h.call("search_emails", { ...pat, has_attachments: true });
      assert.equal(found.isError, false, `${type}: ${found.text}`);
      assert.equal(found.data.mailbox, "pat@contoso.test");
      assert.deepEqual(found.data.emails.map((e: Email) => e.subject), ["Status report template"]);
      const bulk = await h.call("get_emails_bulk", {
        ...pat,
        email_ids: [found.data.emails[0].id],
      });
      assert.equal(bulk.isError, false, `${type}: ${bulk.text}`);
      assert.match(bulk.data.emails[0].body, /attached template/);
      const state = await h.call("get_changes", pat);
      assert.equal(state.isError, false, `${type}: ${state.text}`);
      const thread = await h.call("get_conversation", {
        ...pat,
        email_id: found.data.emails[0].id,
      });
      assert.equal(thread.isError, false, `${type}: ${thread.text}`);
      assert.equal(thread.data.emails.length, 1);
    } finally {
      await h.close();
    }
  }
});

Deno.test("read tools on a mailbox without rights fail and name it", async () => {
  const h = await startHarness();
  try {
    const ceo = { target_mailbox: "ceo@contoso.test" };
    for (
      const [name, args] of [
        ["search_emails", {}],
        ["get_emails_bulk", { email_ids: ["x"] }],
        ["get_conversation", { email_id: "x" }],
        ["get_changes", {}],
      ] as const
    ) {
      const denied = await h.call(name, { ...ceo, ...args });
      assert.equal(denied.isError, true, name);
      assert.match(denied.text, /ceo@contoso\.test/, name);
    }
  } finally {
    await h.close();
  }
});

Deno.test("a folder path as list_folders shows it below a parent is accepted everywhere", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const below = await h.call("list_folders", { parent_folder: "inbox" });
    const projects = below.data.folders.find((f: { name: string }) => f.name === "Projects");
    const shown = projects.path;
    for (const name of ["read_emails", "search_emails"]) {
      const read = await h.call(name, { folder: shown });
      assert.equal(read.isError, false, `${name}: ${read.text}`);
      assert.ok(read.data.emails.some((e: Email) => e.subject === "Migration plan v2"), name);
    }
    const nested = await h.call("search_emails", { folder: "Projects/Migration 2025" });
    assert.equal(nested.isError, false, nested.text);
    assert.deepEqual(nested.data.emails.map((e: Email) => e.subject), ["Cut-over checklist"]);
    // Two folders named Projects: the short form no longer says which, so it is refused.
    // (Made with the tool, which forgets the cached tree; one made elsewhere shows on expiry.)
    const made = await h.call("create_folder", { name: "Projects", parent_folder: "sentitems" });
    assert.equal(made.isError, false, made.text);
    const ambiguous = await h.call("search_emails", { folder: "Projects" });
    assert.equal(ambiguous.isError, true);
    assert.match(ambiguous.text, /ambiguous[\s\S]*Inbox\/Projects, Sent Items\/Projects/);
  } finally {
    await h.close();
  }
});
