/** What is looked up once and reused: folder paths per mailbox, and TCP connections. */
import assert from "node:assert/strict";
import { primaryContext } from "../../ews/mailbox/context.ts";
import { invalidateFolderPaths } from "../../ews/ops/folders.ts";
import { EwsClient } from "../../ews/client.ts";
import { basicAuth } from "../../ews/auth/basic.ts";
import { listMessages } from "../../ews/ops/items.ts";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { startHarness } from "../support/harness.ts";

Deno.test("a folder path is looked up once per mailbox; list_folders fills the cache", async () => {
  const h = await startHarness();
  try {
    // A list of the tree below the Inbox is the tree a path starting with Inbox/ is looked up in.
    await h.call("list_folders", { parent_folder: "inbox" });
    h.sim.resetStats();
    const byPath = await h.call("read_emails", { folder: "Inbox/Projects" });
    assert.equal(byPath.isError, false, byPath.text);
    assert.deepEqual(h.sim.stats.byOperation, { FindItem: 1 }, "the tree list_folders fetched");
    // Another mailbox has its own tree.
    h.sim.resetStats();
    const pat = await h.call("read_emails", {
      folder: "Inbox/Projects",
      target_mailbox: "pat@contoso.test",
    });
    assert.equal(pat.isError, true, "pat has no such folder");
    assert.match(pat.text, /No folder "Inbox\/Projects" in mailbox pat@contoso\.test/);
    assert.deepEqual(h.sim.stats.byOperation, { FindFolder: 1 });
  } finally {
    await h.close();
  }
});

Deno.test("the folder tools forget cached paths: a renamed folder's old path is not found", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    assert.equal((await h.call("read_emails", { folder: "Inbox/Projects" })).isError, false);
    const renamed = await h.call("rename_folder", { folder: "Inbox/Projects", new_name: "Done" });
    assert.equal(renamed.isError, false, renamed.text);
    h.sim.resetStats();
    const old = await h.call("read_emails", { folder: "Inbox/Projects" });
    assert.equal(old.isError, true, "a stale cache would still list the renamed folder");
    assert.match(old.text, /No folder "Inbox\/Projects"/);
    assert.deepEqual(h.sim.stats.byOperation, { FindFolder: 1 }, "the tree is fetched anew");
    const now = await h.call("read_emails", { folder: "Inbox/Done" });
    assert.equal(now.isError, false, now.text);
  } finally {
    await h.close();
  }
});

Deno.test("invalidateFolderPaths makes the next path lookup fetch the tree again", async () => {
  const sim = await startSimulator();
  const alex = DEMO_ACCOUNTS[0];
  const client = new EwsClient({
    endpoint: new URL(sim.url),
    auth: basicAuth(alex.email, alex.password),
  });
  const ctx = primaryContext(alex.email);
  const page = () =>
    listMessages(client, ctx, { folder: "Inbox/Projects", offset: 0, maxResults: 5 });
  try {
    await page();
    sim.resetStats();
    await page();
    assert.deepEqual(sim.stats.byOperation, { FindItem: 1 });
    invalidateFolderPaths(client, ctx);
    sim.resetStats();
    await page();
    assert.deepEqual(sim.stats.byOperation, { FindFolder: 1, FindItem: 1 });
  } finally {
    client.close();
    await sim.close();
  }
});

Deno.test("a path missing from the cached tree is looked for again before 'no such folder'", async () => {
  const sim = await startSimulator();
  const alex = DEMO_ACCOUNTS[0];
  const client = new EwsClient({
    endpoint: new URL(sim.url),
    auth: basicAuth(alex.email, alex.password),
  });
  const ctx = primaryContext(alex.email);
  try {
    await listMessages(client, ctx, { folder: "Inbox/Projects", offset: 0, maxResults: 1 });
    // Made elsewhere (another client), after the tree was cached.
    sim.organisation.mailbox(alex.email)!.createFolder("inbox", "Later");
    sim.resetStats();
    await listMessages(client, ctx, { folder: "Inbox/Later", offset: 0, maxResults: 1 });
    assert.deepEqual(sim.stats.byOperation, { FindFolder: 1, FindItem: 1 });
  } finally {
    client.close();
    await sim.close();
  }
});

Deno.test("100 sequential tool calls reuse a handful of TCP connections", async () => {
  const h = await startHarness();
  try {
    const first = await h.call("read_emails", { max_results: 1 });
    const id = first.data.emails[0].id;
    h.sim.resetStats();
    const calls = [
      () => h.call("read_emails", { max_results: 5 }),
      () => h.call("read_emails", { max_results: 5, include_body: true }),
      () => h.call("get_email_details", { email_id: id }),
      () => h.call("list_folders", {}),
      () => h.call("get_oof_settings", {}),
      () => h.call("read_emails", { target_mailbox: "pat@contoso.test" }),
    ];
    for (let i = 0; i < 100; i++) {
      const result = await calls[i % calls.length]();
      assert.equal(result.isError, false, result.text);
    }
    assert.ok(h.sim.stats.requests >= 100);
    // list_folders sends two requests at once, so two connections may be open; a few more
    // allow for the server closing an idle one.
    assert.ok(h.sim.stats.connections <= 4, `${h.sim.stats.connections} connections`);
  } finally {
    await h.close();
  }
});
