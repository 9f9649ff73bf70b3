/**
 * How many EWS requests each tool makes, per operation, counted by the simulator. Every tool the
 * server defines must have an entry here: a tool without one fails the first test, so a new tool
 * cannot land without its count. Counts are deterministic; they are the floor EWS allows (see
 * each entry's note), so a change that adds a round trip fails here.
 */
import assert from "node:assert/strict";
import { toolsetToolDefinitions } from "../../server/toolset_tools.ts";
import { TOOL_MODULES } from "../../tools/registry.ts";
import { type Harness, startHarness } from "../support/harness.ts";

type Ops = Record<string, number>;

interface Case {
  /** What the call does, and why this is the floor. */
  note: string;
  args: (h: Harness) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** EWS requests per operation name. */
  requests: Ops;
}

const newestId = async (h: Harness, target?: string) =>
  (await h.call("read_emails", { max_results: 1, ...(target ? { target_mailbox: target } : {}) }))
    .data.emails[0].id as string;

/** Every tool, by name: the calls it is measured with, in order (later ones see earlier caches). */
export const ROUND_TRIPS: Record<string, Case[]> = {
  read_emails: [
    {
      note: "a page without bodies: FindItem returns the summary properties itself",
      args: () => ({ max_results: 50 }),
      requests: { FindItem: 1 },
    },
    {
      note: "with bodies: FindItem for the ids, one batched GetItem (FindItem returns no bodies)",
      args: () => ({ max_results: 50, include_body: true }),
      requests: { FindItem: 1, GetItem: 1 },
    },
    {
      note: "another mailbox, first use: no probe, its first call is the check",
      args: () => ({ target_mailbox: "pat@contoso.test" }),
      requests: { FindItem: 1 },
    },
    {
      note: "a folder path, first use: one FindFolder for the tree",
      args: () => ({ folder: "Inbox/Projects" }),
      requests: { FindFolder: 1, FindItem: 1 },
    },
    {
      note: "the same path again: the tree is cached per mailbox",
      args: () => ({ folder: "inbox/projects" }),
      requests: { FindItem: 1 },
    },
  ],
  get_email_details: [
    {
      note: "one GetItem; the id's owner is known from the listing that gave it",
      args: async (h) => ({ email_id: await newestId(h) }),
      requests: { GetItem: 1 },
    },
  ],
  send_email: [
    {
      note: "one CreateItem (SendAndSaveCopy)",
      args: () => ({ to: ["pat@contoso.test"], subject: "Round trips", body: "Hello" }),
      requests: { CreateItem: 1 },
    },
  ],
  list_folders: [
    {
      note: "the labels (one GetFolder batch) and the tree (one FindFolder), in parallel",
      args: () => ({}),
      requests: { GetFolder: 1, FindFolder: 1 },
    },
  ],
  get_oof_settings: [
    {
      note: "one GetUserOofSettings",
      args: () => ({}),
      requests: { GetUserOofSettings: 1 },
    },
  ],
  set_oof_settings: [
    {
      note: "Set replaces every setting, so what the call does not change is read first",
      args: () => ({ state: "enabled", internal_reply: "Away" }),
      requests: { GetUserOofSettings: 1, SetUserOofSettings: 1 },
    },
  ],
  list_toolsets: [{ note: "no EWS at all", args: () => ({}), requests: {} }],
  enable_toolset: [{
    note: "no EWS at all",
    args: () => ({ toolsets: ["out-of-office"] }),
    requests: {},
  }],
};

const DYNAMIC_TOOLS = Object.values(toolsetToolDefinitions(["email"])).map((tool) => tool.name);

const definedTools = () => [
  ...TOOL_MODULES.flatMap((module) => module.tools.map((tool) => tool.name)),
  ...DYNAMIC_TOOLS,
];

Deno.test("every tool the server defines has a request count here", async () => {
  const h = await startHarness();
  try {
    const listed = (await h.client.listTools()).tools.map((t) => t.name);
    const missing = [...new Set([...definedTools(), ...listed])]
      .filter((name) => !ROUND_TRIPS[name]?.length);
    assert.deepEqual(missing, [], "add these tools' request counts to ROUND_TRIPS");
  } finally {
    await h.close();
  }
});

Deno.test("each tool makes exactly its counted EWS requests", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const listed = new Set((await h.client.listTools()).tools.map((t) => t.name));
    for (const [tool, cases] of Object.entries(ROUND_TRIPS)) {
      if (!listed.has(tool)) continue; // dynamic-mode tools: below
      for (const c of cases) {
        const args = await c.args(h);
        h.sim.resetStats();
        const result = await h.call(tool, args);
        assert.equal(result.isError, false, `${tool}: ${result.text}`);
        assert.deepEqual(h.sim.stats.byOperation, c.requests, `${tool}: ${c.note}`);
      }
    }
  } finally {
    await h.close();
  }
});

Deno.test("dynamic-mode tools make no EWS requests", async () => {
  const h = await startHarness({ env: { EWS_TOOLSETS: "email" }, flags: ["--dynamic-toolsets"] });
  try {
    for (const tool of DYNAMIC_TOOLS) {
      for (const c of ROUND_TRIPS[tool]) {
        h.sim.resetStats();
        const result = await h.call(tool, await c.args(h));
        assert.equal(result.isError, false, `${tool}: ${result.text}`);
        assert.deepEqual(h.sim.stats.byOperation, c.requests, `${tool}: ${c.note}`);
      }
    }
  } finally {
    await h.close();
  }
});
