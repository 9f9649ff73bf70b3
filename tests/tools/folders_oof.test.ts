import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";

Deno.test("list_folders: the tree in order, with paths, counts and well-known names", async () => {
  const h = await startHarness();
  try {
    const result = await h.call("list_folders");
    assert.equal(result.isError, false, result.text);
    const folders = result.data.folders as {
      id: string;
      path: string;
      depth: number;
      parent_id: string;
      well_known_name?: string;
      total_count?: number;
      unread_count?: number;
    }[];
    assert.equal(result.data.total_folders, folders.length);
    const inbox = folders.find((f) => f.well_known_name === "inbox");
    assert.ok(inbox, "inbox is labelled");
    assert.equal(inbox.depth, 0);
    assert.ok((inbox.total_count ?? 0) > 0);
    const mail = await h.call("read_emails", { max_results: 1 });
    assert.equal(inbox.total_count, mail.data.total, "counts agree with read_emails");
    // Every subfolder comes right after its parent's subtree starts, one level deeper.
    for (const [i, folder] of folders.entries()) {
      if (folder.depth === 0) continue;
      const parent = folders.slice(0, i).findLast((f) => f.id === folder.parent_id);
      assert.ok(parent, `${folder.path} comes after its parent`);
      assert.equal(folder.depth, parent.depth + 1);
      assert.equal(folder.path.startsWith(parent.path + "/"), true);
    }
    const sub = folders.find((f) => f.depth > 0);
    assert.ok(sub, "the demo mailbox has subfolders");
    const subMail = await h.call("read_emails", { folder: sub.id });
    assert.equal(subMail.isError, false, subMail.text);
    assert.equal(subMail.data.total, sub.total_count);
  } finally {
    await h.close();
  }
});

Deno.test("list_folders: mail_only leaves out calendar and contacts", async () => {
  const h = await startHarness();
  try {
    const all = await h.call("list_folders");
    const mail = await h.call("list_folders", { mail_only: true });
    const names = (r: typeof all) =>
      r.data.folders.map((f: { well_known_name?: string }) => f.well_known_name);
    assert.ok(names(all).includes("calendar"));
    assert.ok(!names(mail).includes("calendar"));
    assert.ok(!names(mail).includes("contacts"));
    assert.ok(names(mail).includes("inbox"));
  } finally {
    await h.close();
  }
});

Deno.test("get_oof_settings reads a scheduled auto-reply in another mailbox", async () => {
  const h = await startHarness();
  try {
    const oof = await h.call("get_oof_settings", { target_mailbox: "sales@contoso.test" });
    assert.equal(oof.isError, false, oof.text);
    assert.equal(oof.data.mailbox, "sales@contoso.test");
    assert.ok(["enabled", "scheduled"].includes(oof.data.state));
    assert.ok(oof.data.internal_reply.length > 0);
  } finally {
    await h.close();
  }
});

Deno.test("set_oof_settings: schedule, keep texts when omitted, then disable", async () => {
  const h = await startHarness();
  try {
    // Exchange keeps OOF times to the second.
    const inDays = (days: number) =>
      new Date(Math.floor(Date.now() / 1000) * 1000 + days * 86_400_000).toISOString();
    const start = inDays(1);
    const end = inDays(3);
    const set = await h.call("set_oof_settings", {
      state: "scheduled",
      internal_reply: "Away <b>until</b> Thursday & back soon",
      external_reply: "I am away.",
      external_audience: "known",
      start_time: start,
      end_time: end,
    });
    assert.equal(set.isError, false, set.text);
    assert.equal(set.data.active_now, false, "the window starts tomorrow");
    const read = await h.call("get_oof_settings");
    assert.equal(read.data.state, "scheduled");
    assert.equal(read.data.internal_reply, "Away <b>until</b> Thursday & back soon");
    assert.equal(read.data.external_audience, "known");
    assert.equal(Date.parse(read.data.start_time), Date.parse(start));
    assert.equal(Date.parse(read.data.end_time), Date.parse(end));
    const off = await h.call("set_oof_settings", { state: "disabled" });
    assert.equal(off.isError, false, off.text);
    const after = await h.call("get_oof_settings");
    assert.equal(after.data.state, "disabled");
    assert.equal(after.data.active_now, false);
    assert.equal(after.data.internal_reply, "Away <b>until</b> Thursday & back soon", "texts kept");
  } finally {
    await h.close();
  }
});

Deno.test("set_oof_settings: an impossible schedule is refused and changes nothing", async () => {
  const h = await startHarness();
  try {
    const before = await h.call("get_oof_settings");
    const missing = await h.call("set_oof_settings", { state: "scheduled", internal_reply: "x" });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /start_time and end_time/);
    const backwards = await h.call("set_oof_settings", {
      state: "scheduled",
      start_time: "2026-12-10T00:00:00Z",
      end_time: "2026-12-01T00:00:00Z",
    });
    assert.equal(backwards.isError, true);
    assert.match(backwards.text, /end_time must be after start_time/);
    const badDate = await h.call("set_oof_settings", {
      state: "scheduled",
      start_time: "next monday",
      end_time: "2026-12-01T00:00:00Z",
    });
    assert.equal(badDate.isError, true);
    assert.match(badDate.text, /ISO 8601/);
    assert.deepEqual((await h.call("get_oof_settings")).data, before.data);
  } finally {
    await h.close();
  }
});
