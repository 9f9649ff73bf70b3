/**
 * The folder tools end to end against a schema-validating simulator: one path form everywhere
 * (what list_folders and find_folder show, every tool accepts), finding, creating, renaming,
 * moving, deleting and emptying folders; own mailbox, impersonation, delegation; request counts.
 */
import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";
import { countedCall, startDelegateHarness } from "../support/requests.ts";

type Entry = { id: string; path: string; total_count?: number };

Deno.test("One path form: every path list_folders shows, from any root, read_emails accepts", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const fromInbox = await h.call("list_folders", { parent_folder: "inbox" });
    assert.equal(fromInbox.isError, false, fromInbox.text);
    const paths = fromInbox.data.folders.map((f: Entry) => f.path);
    assert.ok(paths.includes("Inbox/Projects"), paths.join(", "));
    assert.ok(paths.includes("Inbox/Projects/Migration 2025"));
    const fromProjects = await h.call("list_folders", { parent_folder: "Inbox/Projects" });
    assert.deepEqual(fromProjects.data.folders.map((f: Entry) => f.path), [
      "Inbox/Projects/Migration 2025",
    ]);
    const byId = await h.call("list_folders", {
      parent_folder: fromInbox.data.folders.find((f: Entry) => f.path === "Inbox/Projects").id,
    });
    assert.deepEqual(byId.data.folders.map((f: Entry) => f.path), [
      "Inbox/Projects/Migration 2025",
    ]);
    for (const folder of fromInbox.data.folders as Entry[]) {
      const mail = await h.call("read_emails", { folder: folder.path, max_results: 1 });
      assert.equal(mail.isError, false, `${folder.path}: ${mail.text}`);
      assert.equal(mail.data.total, folder.total_count, folder.path);
    }
    // The whole tree shows the same paths.
    const all = await h.call("list_folders");
    for (const path of paths) {
      assert.ok(all.data.folders.some((f: Entry) => f.path === path), path);
    }
  } finally {
    await h.close();
  }
});

Deno.test("find_folder: by part of a name or by path, one request, full paths", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const byName = await countedCall(h, "find_folder", { name: "migration" });
    assert.equal(byName.result.isError, false, byName.result.text);
    assert.equal(byName.requests, 1);
    assert.deepEqual(byName.result.data.folders.map((f: Entry) => f.path), [
      "Inbox/Projects/Migration 2025",
    ]);
    const read = await h.call("read_emails", { folder: byName.result.data.folders[0].path });
    assert.equal(read.isError, false, read.text);

    const byPath = await countedCall(h, "find_folder", { path: "inbox/projects" });
    assert.equal(byPath.requests, 1);
    assert.equal(byPath.result.data.folders[0].path, "Inbox/Projects");
    assert.equal(byPath.result.data.folders[0].child_folder_count, 1);

    const below = await countedCall(h, "find_folder", { name: "r", parent_folder: "inbox" });
    assert.equal(below.requests, 1);
    assert.ok(below.result.data.folders.every((f: Entry) => f.path.startsWith("Inbox/")));

    const wellKnown = await countedCall(h, "find_folder", { path: "sentitems" });
    assert.equal(wellKnown.result.data.folders[0].well_known_name, "sentitems");

    const before = h.sim.stats.requests;
    const neither = await h.call("find_folder", {});
    const both = await h.call("find_folder", { name: "a", path: "Inbox" });
    assert.ok(neither.isError && both.isError);
    assert.match(both.text, /exactly one of name and path/);
    assert.equal(h.sim.stats.requests, before, "bad input sends nothing");

    const missing = await h.call("find_folder", { path: "Inbox/Nope" });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /No folder "Inbox\/Nope" in mailbox alex@contoso\.test/);
  } finally {
    await h.close();
  }
});

Deno.test("create, rename, move, delete: the folder's life, with minimal requests", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const created = await countedCall(h, "create_folder", {
      name: "Vendors",
      parent_folder: "inbox",
    });
    assert.equal(created.result.isError, false, created.result.text);
    assert.deepEqual(created.ops, { CreateFolder: 1 });
    assert.equal(created.result.data.path, "Inbox/Vendors");
    const nested = await countedCall(h, "create_folder", {
      name: "Contracts",
      parent_folder: "Inbox/Vendors",
    });
    assert.deepEqual(nested.ops, { FindFolder: 1, CreateFolder: 1 });
    assert.equal(nested.result.data.path, "Inbox/Vendors/Contracts");
    const duplicate = await h.call("create_folder", { name: "vendors", parent_folder: "inbox" });
    assert.equal(duplicate.isError, true);
    assert.match(duplicate.text, /ErrorFolderExists/);
    const slash = await h.call("create_folder", { name: "a/b" });
    assert.match(slash.text, /cannot contain \//);

    const renamed = await countedCall(h, "rename_folder", {
      folder: "Inbox/Vendors",
      new_name: "Suppliers",
    });
    assert.equal(renamed.result.isError, false, renamed.result.text);
    assert.deepEqual(renamed.ops, { FindFolder: 1, UpdateFolder: 1 });
    assert.equal(renamed.result.data.id, created.result.data.id, "same folder, same id");

    const moved = await countedCall(h, "move_folder", {
      folder: created.result.data.id,
      destination: "Inbox/Receipts",
    });
    assert.equal(moved.result.isError, false, moved.result.text);
    assert.deepEqual(moved.ops, { FindFolder: 1, MoveFolder: 1 });
    const found = await h.call("find_folder", { name: "contracts" });
    assert.equal(found.data.folders[0].path, "Inbox/Receipts/Suppliers/Contracts");

    const before = h.sim.stats.requests;
    for (
      const [tool, args] of [
        ["rename_folder", { folder: "inbox", new_name: "x" }],
        ["move_folder", { folder: "Sent Items", destination: "Inbox/Receipts" }],
        ["delete_folder", { folder: "drafts" }],
      ] as const
    ) {
      const refused = await h.call(tool, args);
      assert.equal(refused.isError, true, tool);
      assert.match(refused.text, /Well-known folders cannot be/);
    }
    assert.equal(h.sim.stats.requests, before, "well-known folders refused without a request");

    const deleted = await countedCall(h, "delete_folder", { folder: "Inbox/Receipts/Suppliers" });
    assert.equal(deleted.result.isError, false, deleted.result.text);
    assert.deepEqual(deleted.ops, { FindFolder: 1, DeleteFolder: 1 });
    const inTrash = await h.call("find_folder", { name: "suppliers" });
    assert.equal(inTrash.data.folders[0].path, "Deleted Items/Suppliers", "recoverable");
    const gone = await h.call("delete_folder", {
      folder: "Deleted Items/Suppliers",
      permanent: true,
    });
    assert.equal(gone.isError, false, gone.text);
    assert.equal((await h.call("find_folder", { name: "suppliers" })).data.total, 0);
  } finally {
    await h.close();
  }
});

Deno.test("empty_folder: messages to Deleted Items, subfolders only when asked", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const before = (await h.call("read_emails", { folder: "Inbox/Projects" })).data.total;
    assert.ok(before > 0);
    const emptied = await countedCall(h, "empty_folder", { folder: "Inbox/Projects" });
    assert.equal(emptied.result.isError, false, emptied.result.text);
    // The path's tree was cached by the read above (ews/ops/folder_cache.ts).
    assert.deepEqual(emptied.ops, { EmptyFolder: 1 });
    assert.equal((await h.call("read_emails", { folder: "Inbox/Projects" })).data.total, 0);
    assert.equal((await h.call("find_folder", { name: "migration" })).data.total, 1, "kept");
    const all = await countedCall(h, "empty_folder", {
      folder: "Inbox/Projects",
      include_subfolders: true,
      permanent: true,
    });
    assert.equal(all.result.isError, false, all.result.text);
    assert.equal((await h.call("find_folder", { name: "migration" })).data.total, 0);
    const root = await h.call("empty_folder", { folder: "msgfolderroot" });
    assert.equal(root.isError, true);
    assert.match(root.text, /ErrorCannotEmptyFolder/);
  } finally {
    await h.close();
  }
});

Deno.test("Folder tools in other mailboxes: impersonation, denied mailbox, delegate rights", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const created = await h.call("create_folder", {
      target_mailbox: "pat@contoso.test",
      name: "Board",
      parent_folder: "Inbox/Clients",
    });
    assert.equal(created.isError, false, created.text);
    assert.equal(created.data.mailbox, "pat@contoso.test");
    assert.equal(created.data.path, "Inbox/Clients/Board");
    const found = await h.call("find_folder", {
      target_mailbox: "pat@contoso.test",
      name: "board",
    });
    assert.equal(found.data.folders[0].id, created.data.id);
    const denied = await h.call("find_folder", { target_mailbox: "ceo@contoso.test", name: "x" });
    assert.equal(denied.isError, true);
    assert.match(denied.text, /Access denied to mailbox: ceo@contoso\.test/);
  } finally {
    await h.close();
  }
  const d = await startDelegateHarness();
  try {
    // pat shared Inbox (Editor): its subfolders and the top of the mailbox stay closed.
    const inbox = await d.call("find_folder", {
      target_mailbox: "pat@contoso.test",
      path: "inbox",
    });
    assert.equal(inbox.isError, false, inbox.text);
    const whole = await d.call("list_folders", { target_mailbox: "pat@contoso.test" });
    assert.equal(whole.isError, true, "the root is not shared");
    const create = await d.call("create_folder", {
      target_mailbox: "pat@contoso.test",
      name: "Mine",
      parent_folder: "inbox",
    });
    assert.equal(create.isError, true, "Editor may not create subfolders");
    assert.match(create.text, /denied/i);
    const empty = await d.call("empty_folder", {
      target_mailbox: "pat@contoso.test",
      folder: "inbox",
    });
    assert.equal(empty.isError, false, "Editor may delete every item of the Inbox");
  } finally {
    await d.close();
  }
});

Deno.test("Every attachment and folder tool refuses a denied mailbox plainly, naming it", async () => {
  const h = await startHarness();
  try {
    const calls: [string, Record<string, unknown>][] = [
      ["list_attachments", { email_id: "x" }],
      ["download_attachment", { attachment_id: "x" }],
      ["add_attachment", { email_id: "x", attachments: [{ name: "a", content_base64: "QQ==" }] }],
      ["delete_attachment", { attachment_ids: ["x"] }],
      ["get_email_mime", { email_id: "x" }],
      ["find_folder", { name: "x" }],
      ["create_folder", { name: "x" }],
      ["rename_folder", { folder: "Inbox/x", new_name: "y" }],
      ["move_folder", { folder: "Inbox/x", destination: "inbox" }],
      ["delete_folder", { folder: "Inbox/x" }],
      ["empty_folder", { folder: "inbox" }],
    ];
    for (const [tool, args] of calls) {
      const result = await h.call(tool, { ...args, target_mailbox: "ceo@contoso.test" });
      assert.equal(result.isError, true, tool);
      assert.match(result.text, /Access denied to mailbox: ceo@contoso\.test/, tool);
    }
    // No probe: each call's first request is the check, and Exchange refused each one (the
    // attachment tools' ids once, in one ConvertId; the folder tools' path lookup or change).
    assert.deepEqual(
      Object.keys(h.sim.stats.byOperation),
      ["ConvertId", "FindFolder", "CreateFolder", "EmptyFolder"],
      "only each call's first request reached Exchange",
    );
  } finally {
    await h.close();
  }
});

Deno.test("Impersonation: a folder's whole life in another mailbox (sales)", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const sales = { target_mailbox: "sales@contoso.test" };
    const steps: [string, Record<string, unknown>][] = [
      ["create_folder", { name: "Q4", parent_folder: "Inbox/Leads" }],
      ["find_folder", { path: "Inbox/Leads/Q4" }],
      ["rename_folder", { folder: "Inbox/Leads/Q4", new_name: "Q4 2026" }],
      ["move_folder", { folder: "Inbox/Leads/Q4 2026", destination: "inbox" }],
      ["empty_folder", { folder: "Inbox/Q4 2026", include_subfolders: true }],
      ["delete_folder", { folder: "Inbox/Q4 2026" }],
    ];
    for (const [tool, args] of steps) {
      const result = await h.call(tool, { ...args, ...sales });
      assert.equal(result.isError, false, `${tool}: ${result.text}`);
      assert.equal(result.data.mailbox, "sales@contoso.test");
    }
    const trash = await h.call("find_folder", { ...sales, name: "q4" });
    assert.deepEqual(trash.data.folders.map((f: Entry) => f.path), ["Deleted Items/Q4 2026"]);
    const own = await h.call("find_folder", { name: "q4" });
    assert.equal(own.data.total, 0, "alex's own mailbox untouched");
  } finally {
    await h.close();
  }
});
