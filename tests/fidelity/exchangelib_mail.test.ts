/**
 * Fidelity of the mail operations: exchangelib searches (restrictions, Or, dates, sorting, AQS),
 * replies and forwards, flags and read state (UpdateItem with change keys), moves, copies,
 * deletes and syncs against the simulator, every request and reply checked against the schema.
 */
import assert from "node:assert/strict";
import { exchangelibAvailable, withExchangelib } from "./exchangelib.ts";

Deno.test({
  name: "exchangelib searches, replies, flags, moves and syncs against the simulator",
  ignore: !exchangelibAvailable,
  fn: () =>
    withExchangelib("exchangelib_mail.py", (result) => {
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
    }),
});
