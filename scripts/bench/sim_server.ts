/**
 * Runs the seeded simulator in its own process, so that neither client's measurements include
 * the server's CPU time or memory. Prints `{"url": ...}` on the first stdout line, then answers
 * one line per stdin command:
 *
 *     stats   → the simulator's counters as one JSON line
 *     reset   → zeroes the counters, answers "ok"
 *
 * Exits when stdin closes.
 *
 * Usage: sim_server.ts --inbox N --other-inbox N --team N --latency MS
 */
import process from "node:process";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { startSimulator } from "../../sim/mod.ts";
import { benchOrganisation } from "./seed.ts";

const { values } = parseArgs({
  options: {
    inbox: { type: "string", default: "1200" },
    "other-inbox": { type: "string", default: "300" },
    latency: { type: "string", default: "0" },
    team: { type: "string", default: "20" },
  },
});

const sim = await startSimulator({
  organisation: benchOrganisation({
    inbox: Number(values.inbox),
    otherInbox: Number(values["other-inbox"]),
    team: Number(values.team),
  }),
  latencyMs: Number(values.latency),
});
process.stdout.write(JSON.stringify({ url: sim.url }) + "\n");

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const command = line.trim();
  if (command === "stats") process.stdout.write(JSON.stringify(sim.stats) + "\n");
  else if (command === "reset") {
    sim.resetStats();
    process.stdout.write("ok\n");
  } else process.stdout.write(JSON.stringify({ error: `unknown command ${command}` }) + "\n");
});
lines.on("close", async () => {
  await sim.close();
  process.exit(0);
});
