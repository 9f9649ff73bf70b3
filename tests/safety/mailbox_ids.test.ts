/**
 * Ids never cross mailboxes: for every tool that takes an id, in every access mode, an id from
 * any other mailbox is refused before anything reaches Exchange, the refusal names the mailbox
 * the id belongs to (when Exchange says) and the mailbox the call acted on, and the audit log
 * records the attempt with the real owner. Ids of the acting mailbox work, and ids taken from a
 * listing cost no extra request.
 *
 * HOW TO EXTEND: a new tool that takes an id gets one line in ID_TOOLS: the tool name, the kind
 * of id it takes (`item`, `folder`; add `attachment` to IdKind and to `idsOf` when the first tool
 * takes one) and how its arguments are built from an id. Every mode and every foreign mailbox
 * then runs against it. Tools that change things are welcome: a refused call changes nothing, and
 * the own-mailbox case runs once on a fresh id.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, createApp } from "../../app.ts";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { createLogger } from "../../ews/log.ts";
import { DEMO_ACCOUNTS, encodeId, type RunningSimulator, startSimulator } from "../../sim/mod.ts";
import { runTool } from "../../tools/runner.ts";

type IdKind = "item" | "folder";

/** Every tool that takes an id. */
const ID_TOOLS: { tool: string; kind: IdKind; args: (id: string) => Record<string, unknown> }[] = [
  { tool: "get_email_details", kind: "item", args: (id) => ({ email_id: id }) },
  { tool: "read_emails", kind: "folder", args: (id) => ({ folder: id }) },
  { tool: "list_folders", kind: "folder", args: (id) => ({ parent_folder: id }) },
];

const ALEX = "alex@contoso.test"; // the service account
const PAT = "pat@contoso.test"; // granted alex delegate access; alex may impersonate pat
const SALES = "sales@contoso.test"; // alex may impersonate sales; no delegate access
const CEO = "ceo@contoso.test"; // nobody may open it
const MAILBOXES = [ALEX, PAT, SALES, CEO];

/**
 * Exchange names an id's mailbox (ConvertId) only to an account that may open that mailbox: the
 * service account's own and pat's (delegate). Other ids are refused without a name.
 */
const NAMEABLE = new Set([ALEX, PAT]);

const MODES: { mode: string; env: Record<string, string>; target?: string; acting: string }[] = [
  { mode: "primary", env: {}, target: undefined, acting: ALEX },
  { mode: "impersonation", env: {}, target: PAT, acting: PAT },
  { mode: "delegate", env: { EWS_IMPERSONATION_TYPE: "delegate" }, target: PAT, acting: PAT },
  {
    mode: "impersonation disabled",
    env: { EWS_IMPERSONATION_ENABLED: "false" },
    target: undefined,
    acting: ALEX,
  },
];

function startApp(sim: RunningSimulator, env: Record<string, string>, audit?: string): App {
  const alex = DEMO_ACCOUNTS[0];
  const config = loadConfig({
    EWS_SERVER_URL: sim.url,
    EWS_EMAIL: alex.email,
    EWS_PASSWORD: alex.password,
    EWS_IMPERSONATION_ENABLED: "true",
    ...(audit ? { EWS_AUDIT_LOG: audit } : {}),
    ...env,
  }, parseCli([]));
  return createApp(config, createLogger("ERROR", () => {}));
}

async function run(app: App, name: string, args: Record<string, unknown>) {
  const tool = app.tools.find((t) => t.name === name)!;
  return await runTool(tool, tool.input.parse(args), app.runtime);
}

/** An item id and a folder id of `mailbox`, taken from tool results (store ids for ceo). */
async function idsOf(
  app: App,
  sim: RunningSimulator,
  mailbox: string,
): Promise<Record<IdKind, string>> {
  if (mailbox === CEO) {
    // No account may open ceo's mailbox, so no tool can list it: take ids from the store.
    const ceo = sim.organisation.mailbox(CEO)!;
    const inbox = ceo.folder("inbox")!;
    return {
      item: encodeId("item", CEO, ceo.itemsIn(inbox.key)[0].key),
      folder: encodeId("folder", CEO, inbox.key),
    };
  }
  const target = mailbox === ALEX ? {} : { target_mailbox: mailbox };
  const emails = await run(app, "read_emails", { ...target, max_results: 1 });
  const folders = await run(app, "list_folders", target);
  assert.ok(emails.ok && folders.ok, `listing ${mailbox}`);
  const inbox = (folders.result.folders as { id: string; well_known_name?: string }[])
    .find((f) => f.well_known_name === "inbox")!;
  return { item: (emails.result.emails as { id: string }[])[0].id, folder: inbox.id };
}

const opsSince = (sim: RunningSimulator, before: Record<string, number>) =>
  Object.entries(sim.stats.byOperation)
    .filter(([op, n]) => n !== (before[op] ?? 0))
    .map(([op]) => op);

for (const { mode, env, target, acting } of MODES) {
  Deno.test(`ids of other mailboxes are refused for every id-taking tool (${mode})`, async (t) => {
    const sim = await startSimulator({ validateSchema: true });
    const source = startApp(sim, {}); // lists ids of alex, pat and sales
    const audit = join(mkdtempSync(join(tmpdir(), "ews-ids-")), "audit.jsonl");
    const app = startApp(sim, env, audit);
    try {
      const ids: Record<string, Record<IdKind, string>> = {};
      for (const mailbox of MAILBOXES) ids[mailbox] = await idsOf(source, sim, mailbox);
      const targetArg = target ? { target_mailbox: target } : {};
      // First use of the target mailbox (its probe) happens outside the counted calls.
      assert.ok((await run(app, "read_emails", { ...targetArg, max_results: 1 })).ok);

      for (const { tool, kind, args } of ID_TOOLS) {
        for (const owner of MAILBOXES.filter((m) => m !== acting)) {
          await t.step(`${tool} with a ${kind} id of ${owner}`, async () => {
            const before = { ...sim.stats.byOperation };
            const outcome = await run(app, tool, { ...args(ids[owner][kind]), ...targetArg });
            assert.equal(outcome.ok, false, "refused");
            if (outcome.ok) return;
            assert.match(outcome.error, /^Refused: the id /);
            assert.equal(outcome.mailbox, target ?? ALEX, "the error names the call's mailbox");
            assert.match(outcome.error, new RegExp(`acts on mailbox ${acting}`));
            assert.deepEqual(
              opsSince(sim, before).filter((op) => op !== "ConvertId"),
              [],
              "nothing but the owner lookup reached Exchange",
            );
            if (NAMEABLE.has(owner)) {
              assert.match(outcome.error, new RegExp(`belongs to mailbox ${owner}`));
              const how = mode === "impersonation disabled"
                ? /EWS_IMPERSONATION_ENABLED=false/
                : owner === ALEX
                ? /omit target_mailbox/
                : new RegExp(`target_mailbox=${owner}`);
              assert.match(outcome.error, how);
            } else {
              assert.match(outcome.error, /did not name/);
            }
            const line = readFileSync(audit, "utf8").trim().split("\n").map((l) => JSON.parse(l))
              .at(-1);
            assert.deepEqual(
              [line.operation, line.targetMailbox, line.outcome, line.idOwner],
              [tool, target ?? ALEX, "refused", NAMEABLE.has(owner) ? owner : "unknown"],
            );
          });
        }
        await t.step(`${tool} with a ${kind} id of ${acting} itself works`, async () => {
          const outcome = await run(app, tool, { ...args(ids[acting][kind]), ...targetArg });
          assert.equal(outcome.ok, true, outcome.ok ? "" : outcome.error);
          if (outcome.ok) assert.equal(outcome.result.mailbox, target ?? ALEX);
        });
      }
    } finally {
      app.close();
      source.close();
      await sim.close();
    }
  });

  Deno.test(`ids from a listing cost no extra request; unknown ones one ConvertId (${mode})`, async () => {
    const sim = await startSimulator({ validateSchema: true });
    const app = startApp(sim, env);
    const targetArg = target ? { target_mailbox: target } : {};
    try {
      const listing = await run(app, "read_emails", { ...targetArg, max_results: 3 });
      // find_folder, not list_folders: a delegate may open pat's Inbox but not the whole tree.
      const folders = await run(app, "find_folder", { ...targetArg, path: "inbox" });
      assert.ok(listing.ok && folders.ok);
      const [first, second] = listing.result.emails as { id: string }[];
      const inbox = (folders.result.folders as { id: string; well_known_name?: string }[])
        .find((f) => f.well_known_name === "inbox")!;
      sim.resetStats();
      assert.ok((await run(app, "get_email_details", { ...targetArg, email_id: first.id })).ok);
      assert.deepEqual(sim.stats.byOperation, { GetItem: 1 });
      sim.resetStats();
      assert.ok((await run(app, "read_emails", { ...targetArg, folder: inbox.id })).ok);
      assert.deepEqual(sim.stats.byOperation, { FindItem: 1 });

      // The same ids in a process that never listed them: one ConvertId, then cached.
      const other = startApp(sim, env);
      try {
        assert.ok((await run(other, "read_emails", { ...targetArg, max_results: 1 })).ok);
        sim.resetStats();
        assert.ok(
          (await run(other, "get_email_details", { ...targetArg, email_id: second.id })).ok,
        );
        assert.deepEqual(sim.stats.byOperation, { ConvertId: 1, GetItem: 1 });
        sim.resetStats();
        assert.ok(
          (await run(other, "get_email_details", { ...targetArg, email_id: second.id })).ok,
        );
        assert.deepEqual(sim.stats.byOperation, { GetItem: 1 });
      } finally {
        other.close();
      }
    } finally {
      app.close();
      await sim.close();
    }
  });
}

Deno.test("pat's id with target_mailbox=sales names pat, not a missing impersonation role", async () => {
  const sim = await startSimulator({ validateSchema: true });
  const app = startApp(sim, {});
  try {
    const pat = await idsOf(app, sim, PAT);
    const outcome = await run(app, "get_email_details", {
      email_id: pat.item,
      target_mailbox: SALES,
    });
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.mailbox, SALES);
    assert.match(outcome.error, /belongs to mailbox pat@contoso\.test/);
    assert.match(outcome.error, /target_mailbox=pat@contoso\.test/);
    assert.doesNotMatch(outcome.error, /ApplicationImpersonation/);
  } finally {
    app.close();
    await sim.close();
  }
});

Deno.test("a malformed id is refused as malformed, by Exchange, after one ConvertId", async () => {
  const sim = await startSimulator({ validateSchema: true });
  const app = startApp(sim, {});
  try {
    const outcome = await run(app, "get_email_details", { email_id: "not-an-id" });
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.match(outcome.error, /ErrorInvalidIdMalformed/);
    assert.deepEqual(sim.stats.byOperation, { ConvertId: 1, GetItem: 1 });
  } finally {
    app.close();
    await sim.close();
  }
});
