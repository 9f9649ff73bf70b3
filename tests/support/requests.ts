/**
 * What tool tests assert about the EWS traffic behind a call: how many requests of each
 * operation it made, and that every request and reply of a harness validates against the schema.
 * Also the delegate-mode harness those tests start beside the impersonating one.
 */
import assert from "node:assert/strict";
import { type Harness, startHarness } from "./harness.ts";
import { assertSchemaValid } from "./schema.ts";

/** Runs `run` and counts the EWS requests it made, in all and per operation. */
export async function counted<T>(h: Harness, run: () => Promise<T>) {
  const before = { requests: h.sim.stats.requests, ops: { ...h.sim.stats.byOperation } };
  const result = await run();
  const ops: Record<string, number> = {};
  for (const [op, n] of Object.entries(h.sim.stats.byOperation)) {
    const d = n - (before.ops[op] ?? 0);
    if (d) ops[op] = d;
  }
  return { result, requests: h.sim.stats.requests - before.requests, ops };
}

/** One tool call, counted. */
export function countedCall(h: Harness, name: string, args: Record<string, unknown>) {
  return counted(h, () => h.call(name, args));
}

/** Every request and reply the harness recorded (start it with `record: true`) is schema-valid. */
export async function assertExchangesValid(h: Harness): Promise<void> {
  await assertSchemaValid(h.sim.exchanges.flatMap((e, i) => [
    { name: `#${i} ${e.operation} request`, xml: e.request },
    { name: `#${i} ${e.operation} reply (${e.status})`, xml: e.response },
  ]));
}

/** A harness whose account reaches other mailboxes as a delegate (folder permissions). */
export function startDelegateHarness(): Promise<Harness> {
  return startHarness({ validateSchema: true, env: { EWS_IMPERSONATION_TYPE: "delegate" } });
}

/** A tool call that must fail, and what its error must say. */
export type BadCall = [tool: string, args: Record<string, unknown>, message: RegExp];

/** Each call fails with its message, and none of them sends a request to Exchange. */
export async function assertRefusedBeforeSending(h: Harness, calls: BadCall[]): Promise<void> {
  const before = h.sim.stats.requests;
  for (const [tool, args, message] of calls) {
    const result = await h.call(tool, args);
    assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)}`);
    assert.match(result.text, message, `${tool}: ${result.text}`);
  }
  assert.equal(h.sim.stats.requests, before, "no request was sent");
}
