/**
 * Two servers on one simulator (one Exchange), each with its own memory, as two replicas or a
 * restarted one are: what one did, the other has never seen. For the idempotency tests.
 */
import type { RunningSimulator } from "../../sim/mod.ts";
import { type HarnessOptions, startHarness } from "./harness.ts";

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
