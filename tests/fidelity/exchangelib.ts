/**
 * What the exchangelib fidelity tests share: whether Python's exchangelib is installed (a warning
 * names what to install when it is not), running one of the scripts against a simulator and
 * reading its JSON report, and checking everything that was exchanged against the EWS schema.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type RunningSimulator, startSimulator } from "../../sim/mod.ts";
import { assertSchemaValid } from "../support/schema.ts";

const PYTHON = "/usr/bin/python3";

function hasExchangelib(): boolean {
  try {
    return new Deno.Command(PYTHON, {
      args: ["-c", "import exchangelib"],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    return false;
  }
}

/** A script's JSON report: the tests compare its parts with what they expect. */
// deno-lint-ignore no-explicit-any
export type Report = Record<string, any>;

export const exchangelibAvailable = hasExchangelib();
if (!exchangelibAvailable) {
  console.warn(
    "SKIPPING exchangelib fidelity tests: /usr/bin/python3 cannot import exchangelib. " +
      "Install it with: apt-get install python3-exchangelib",
  );
}

/**
 * Starts a validating, recording simulator, runs a script of this folder against it (URL, then
 * `args`) and hands its JSON report to `check`; then checks every exchange against the schema.
 */
export async function withExchangelib(
  script: string,
  check: (result: Report, sim: RunningSimulator) => void | Promise<void>,
  args: string[] = ["alex@contoso.test", "Demo-Pass-1"],
): Promise<void> {
  const sim = await startSimulator({ validateSchema: true, record: true });
  try {
    const run = await new Deno.Command(PYTHON, {
      args: [fileURLToPath(new URL(`./${script}`, import.meta.url)), sim.url, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(run.stderr);
    assert.ok(run.success, `exchangelib client failed:\n${stderr}`);
    await check(JSON.parse(new TextDecoder().decode(run.stdout)), sim);
    // exchangelib probes versions newer than the schema knows; those requests are refused
    // (status 500), so only accepted requests are checked, and every reply.
    await assertSchemaValid(sim.exchanges.flatMap((e, i) => [
      ...(e.status === 200 ? [{ name: `#${i} ${e.operation} request`, xml: e.request }] : []),
      { name: `#${i} ${e.operation} reply (${e.status})`, xml: e.response },
    ]));
  } finally {
    await sim.close();
  }
}
