/**
 * Fidelity of extended properties and MIME: exchangelib registers custom extended properties,
 * sets, reads, filters and changes them; reads the whole inbox through MAPI tags only (size,
 * delivery time, flags, article number) and finds it equal to the FieldURI view; flags a message
 * through PidTagFlagStatus; reads folder counts by tag; creates a message from MIME, reads it back
 * as MIME, and sends one from MIME to pat, who gets subject, body and attachment intact. Every
 * request and reply is checked against the EWS schema.
 */
import assert from "node:assert/strict";
import { exchangelibAvailable, withExchangelib } from "./exchangelib.ts";

Deno.test({
  name: "exchangelib: extended properties (custom and MAPI tags) and a MIME round trip",
  ignore: !exchangelibAvailable,
  fn: () =>
    withExchangelib("exchangelib_extended.py", (result, sim) => {
      assert.deepEqual(result.custom_read, ["key-1", ["red", "blue"]]);
      assert.deepEqual(result.custom_filter, ["Keyed draft"]);
      assert.equal(result.custom_changed, "key-2");
      assert.equal(result.custom_absent, null, "a property never set is absent");
      const [byTag, byField, total] = result.tag_count;
      assert.ok(total > 5);
      assert.deepEqual([byTag, byField], [total, total]);
      assert.equal(result.tag_agrees, true, "MAPI size, delivery time and read flag = FieldURIs");
      assert.deepEqual(result.flagged, ["Lunch on Thursday?"]);
      assert.deepEqual(result.calendar_custom, ["apollo", ["Keyed event"], "gemini"]);
      assert.deepEqual(result.contact_custom, ["apollo", ["Keyed Contact"], "gemini"]);
      assert.deepEqual(result.inbox_counts, ["IPF.Note", true, true]);
      assert.deepEqual(result.mime_back, [
        "MIME round trip",
        "Body written as MIME.",
        "numbers.csv",
        "a,b\n1,2\n",
        ["numbers.csv"],
      ]);
      assert.deepEqual(result.mime_sent, [
        "MIME round trip",
        "Body written as MIME.",
        ["numbers.csv"],
        "a,b\n1,2\n",
        "alex@contoso.test",
      ]);

      const operations = new Set(sim.exchanges.map((e) => e.operation));
      for (const op of ["CreateItem", "UpdateItem", "FindItem", "GetItem", "GetFolder"]) {
        assert.ok(operations.has(op), op);
      }
    }),
});
