/**
 * Fidelity of the mail operations: exchangelib searches (restrictions, Or, dates, sorting, AQS),
 * replies and forwards, flags and read state (UpdateItem with change keys), moves, copies,
 * deletes and syncs against the simulator, every request and reply checked against the schema.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createSchemaValidator, startSimulator } from "../../sim/mod.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./exchangelib_mail.py", import.meta.url));

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

Deno.test({
  name: "exchangelib searches, replies, flags, moves and syncs against the simulator",
  ignore: !hasExchangelib(),
  async fn() {
    const sim = await startSimulator({ validateSchema: true, record: true });
    try {
      const run = await new Deno.Command(PYTHON, {
        args: [SCRIPT, sim.url, "alex@contoso.test", "Demo-Pass-1"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.ok(run.success, `exchangelib client failed:\n${stderr}`);
      const result = JSON.parse(new TextDecoder().decode(run.stdout));

      assert.deepEqual(result.icontains, ["Re: Firewall change window"]);
      assert.deepEqual(result.or, [
        "Lunch on Thursday?",
        "Your invoice INV-20931 from Northwind Traders",
      ]);
      assert.equal(result.since_newest, 1);
      assert.deepEqual(result.by_subject, [
        "Licence renewal reminder",
        "Lunch on Thursday?",
        "New starter: laptop request",
      ]);
      assert.deepEqual(result.aqs, ["Re: Firewall change window"]);
      assert.equal(result.sync_first, 12);
      assert.equal(result.reply_draft_saved, true);
      assert.deepEqual(result.sent_replies, [
        "FW: Firewall change window",
        "RE: Firewall change window",
        "RE: Firewall change window",
      ]);
      assert.deepEqual(result.flagged, ["Lunch on Thursday?"]);
      assert.equal(result.lunch_read, true);
      assert.deepEqual(result.junk, ["Printer on floor 2 jammed again"]);
      assert.deepEqual(result.trash, ["Licence renewal reminder"]);
      // Lunch changed (flag and read: an update), three left (moved, trashed, hard-deleted), and
      // exchangelib's reply-all names the original To (alex) explicitly, so a copy arrived.
      assert.deepEqual(result.sync_changes, { create: 1, update: 1, delete: 3 });

      const validator = await createSchemaValidator();
      const results = await validator.validate(sim.exchanges.map((e) => e.response));
      const failures = results.flatMap((errors, i) =>
        errors.map((e) => `${sim.exchanges[i].operation}: ${e.message}`)
      );
      assert.deepEqual(failures, []);
    } finally {
      await sim.close();
    }
  },
});
