/**
 * Two servers on one simulator (one Exchange), each with its own memory, as two replicas or a
 * restarted one are: what one did, the other has never seen. For the idempotency tests.
 */
import assert from "node:assert/strict";
import { type RunningSimulator, startSimulator } from "../../sim/mod.ts";
import { type HarnessOptions, startHarness, type ToolCall } from "./harness.ts";

/** Two servers on one Exchange: `b` has never seen what `a` did. */
export async function twoServers(options: HarnessOptions = {}) {
  const a = await startHarness({ validateSchema: true, ...options });
  const b = await startHarness({ ...options, simulator: a.sim });
  return {
    a,
    b,
    sim: a.sim,
    async close() {
      await b.close();
      await a.close();
    },
  };
}

export type TwoServers = Awaited<ReturnType<typeof twoServers>>;

export async function withTwoServers(
  test: (s: TwoServers) => Promise<void>,
  options: HarnessOptions = {},
) {
  const s = await twoServers(options);
  try {
    await test(s);
  } finally {
    await s.close();
  }
}

/** How many items with this subject are in a folder of a mailbox (the simulator's store). */
export function count(sim: RunningSimulator, address: string, folder: string, subject: string) {
  const mailbox = sim.organisation.requireMailbox(address);
  return mailbox.itemsIn(mailbox.folder(folder)!.key).filter((m) => m.subject === subject).length;
}

export const unique = (what: string) => `${what} ${crypto.randomUUID()}`;

/**
 * Calls `tool` on a server, restarts it (a new server, fresh memory, on the same Exchange) and
 * calls it again with the same arguments; `check` gets the simulator and both results.
 */
export async function callAcrossRestart(
  tool: string,
  args: Record<string, unknown>,
  check: (sim: RunningSimulator, first: ToolCall, retry: ToolCall) => void,
) {
  const sim = await startSimulator({ validateSchema: true, strictRouting: true });
  try {
    const server = await startHarness({ simulator: sim });
    const first = await server.call(tool, args);
    await server.close();
    const restarted = await startHarness({ simulator: sim });
    try {
      check(sim, first, await restarted.call(tool, args));
    } finally {
      await restarted.close();
    }
  } finally {
    await sim.close();
  }
}

/**
 * The stored item carries the mark, a digest rather than the key itself, and `details` (a tool
 * result showing the item) shows nothing of it.
 */
export function assertMarkHidden(stored: unknown, key: string, details: ToolCall) {
  const properties = JSON.stringify(stored);
  assert.match(properties, /ews-mcp-idempotency-key/);
  assert.doesNotMatch(properties, new RegExp(key), "the key itself is not stored");
  assert.equal(details.isError, false, details.text);
  assert.doesNotMatch(
    JSON.stringify(details.data) + details.text,
    /idempotency|ews-mcp|[0-9a-f]{64}/,
  );
}
