import assert from "node:assert/strict";
import {
  formatInZone,
  ianaTimeZone,
  parseTimeInput,
  windowsTimeZoneId,
  zonedToUtc,
} from "../../ews/timezones.ts";
import { IANA_TO_WINDOWS, WINDOWS_TO_IANA } from "../../ews/timezones_data.ts";

Deno.test("IANA names map to CLDR's Windows ids, aliases included", () => {
  assert.equal(windowsTimeZoneId("Europe/Berlin"), "W. Europe Standard Time");
  assert.equal(windowsTimeZoneId("America/New_York"), "Eastern Standard Time");
  assert.equal(windowsTimeZoneId("Asia/Kolkata"), "India Standard Time");
  assert.equal(windowsTimeZoneId("Asia/Calcutta"), "India Standard Time");
  assert.equal(windowsTimeZoneId("Europe/Kyiv"), "FLE Standard Time");
  assert.equal(windowsTimeZoneId("Europe/Kiev"), "FLE Standard Time");
  assert.equal(windowsTimeZoneId("America/Argentina/Buenos_Aires"), "Argentina Standard Time");
  assert.equal(windowsTimeZoneId("Pacific/Chatham"), "Chatham Islands Standard Time");
  assert.equal(windowsTimeZoneId("UTC"), "UTC");
  assert.equal(windowsTimeZoneId("Etc/UTC"), "UTC");
  assert.equal(windowsTimeZoneId("Tokyo Standard Time"), "Tokyo Standard Time");
  assert.throws(() => windowsTimeZoneId("Mars/Olympus_Mons"), /unknown time zone/);
});

Deno.test("the mapping is complete: every zone the runtime knows has a Windows id", () => {
  const missing = Intl.supportedValuesOf("timeZone").filter((zone) => !(zone in IANA_TO_WINDOWS));
  // CLDR maps every zone except Troll station's (+00/+02 with DST), which Windows lacks.
  assert.deepEqual(missing.filter((zone) => zone !== "Antarctica/Troll"), []);
  assert.equal(windowsTimeZoneId("Antarctica/Troll"), undefined);
  assert.ok(Object.keys(WINDOWS_TO_IANA).length > 130, "every Windows zone has a golden zone");
  for (const [windows, iana] of Object.entries(WINDOWS_TO_IANA)) {
    assert.equal(IANA_TO_WINDOWS[iana], windows, `${iana} maps back to ${windows}`);
    assert.equal(ianaTimeZone(windows), iana);
  }
});

Deno.test("local times are read in their zone, on both sides of a DST change", () => {
  const winter = parseTimeInput("2030-03-25T09:00", "Europe/Berlin");
  const summer = parseTimeInput("2030-04-01T09:00", "Europe/Berlin");
  assert.equal(winter.toISOString(), "2030-03-25T08:00:00.000Z");
  assert.equal(summer.toISOString(), "2030-04-01T07:00:00.000Z");
  assert.equal(formatInZone(summer, "Europe/Berlin"), "2030-04-01T09:00:00+02:00");
  assert.equal(formatInZone(summer, "America/New_York"), "2030-04-01T03:00:00-04:00");
  // A time skipped by the spring-forward jump moves forward by the jump.
  const skipped = zonedToUtc(
    { year: 2030, month: 3, day: 31, hour: 2, minute: 30 },
    "Europe/Berlin",
  );
  assert.equal(formatInZone(skipped, "Europe/Berlin"), "2030-03-31T03:30:00+02:00");
  // An offset in the text wins over the zone.
  assert.equal(
    parseTimeInput("2030-04-01T09:00:00-05:00", "Europe/Berlin").toISOString(),
    "2030-04-01T14:00:00.000Z",
  );
  assert.throws(() => parseTimeInput("next tuesday", "UTC"), /not a valid time/);
  assert.throws(() => parseTimeInput("2030-02-30T09:00", "UTC"), /not a valid time/);
});
