/** Runs a simulator test with every request and every reply checked against the EWS schema. */
import assert from "node:assert/strict";
import { createSchemaValidator, type RunningSimulator } from "../../sim/mod.ts";
import { withSimulator } from "./helpers.ts";

export function withValidatedSimulator(
  run: (sim: RunningSimulator) => Promise<void>,
): Promise<void> {
  return withSimulator(async (sim) => {
    await run(sim);
    const validator = await createSchemaValidator();
    const results = await validator.validate(sim.exchanges.map((e) => e.response));
    const failures = results.flatMap((errors, i) =>
      errors.map((e) => `${sim.exchanges[i].operation}: ${e.message}`)
    );
    assert.deepEqual(failures, []);
  }, { validateSchema: true, record: true });
}
