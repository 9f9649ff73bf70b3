import assert from "node:assert/strict";
import { formatRrule, parseRrule } from "../../tools/calendar/rrule.ts";

Deno.test("RRULE text round-trips through the recurrence EWS can express", () => {
  const cases: [string, string][] = [
    ["FREQ=DAILY;INTERVAL=2;COUNT=5", "FREQ=DAILY;INTERVAL=2;COUNT=5"],
    ["FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20301231", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20301231"],
    ["RRULE:freq=monthly;bymonthday=15", "FREQ=MONTHLY;BYMONTHDAY=15"],
    ["FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"],
    ["FREQ=YEARLY;BYMONTH=3;BYDAY=2TU", "FREQ=YEARLY;BYMONTH=3;BYDAY=2TU"],
    // Missing parts come from the first day (Monday 2030-03-18).
    ["FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=MO"],
    ["FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=18"],
  ];
  for (const [input, output] of cases) {
    assert.equal(formatRrule(parseRrule(input, "2030-03-18")), output, input);
  }
});

Deno.test("RRULE parts EWS cannot express are refused with a plain message", () => {
  for (
    const [rule, message] of [
      ["FREQ=HOURLY", /FREQ must be/],
      ["FREQ=WEEKLY;BYHOUR=9", /BYHOUR is not supported/],
      ["FREQ=MONTHLY;BYDAY=5MO", /BYDAY "5MO"/],
      ["FREQ=DAILY;COUNT=3;UNTIL=20300101", /not both/],
      ["FREQ=DAILY;INTERVAL=0", /INTERVAL/],
    ] as const
  ) {
    assert.throws(() => parseRrule(rule, "2030-03-18"), message, rule);
  }
});
