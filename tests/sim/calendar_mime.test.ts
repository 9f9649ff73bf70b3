/**
 * Calendar items from iCalendar (CreateItem with `t:MimeContent`, bare or inside an Internet
 * message) and back (GetItem's MimeContent): times in their zones, all-day events, organiser and
 * attendees, RRULEs mapped onto Exchange's patterns, EXDATE, and Exchange's error codes for what
 * the store cannot hold, with nothing created. Requests and replies are checked against the schema.
 */
import assert from "node:assert/strict";
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import type { RunningSimulator } from "../../sim/mod.ts";
import { readCalendar } from "../../sim/ops/calendar_mime.ts";
import {
  call,
  createItem,
  findItem,
  folderId,
  getItem,
  messages,
  responseCode,
} from "./helpers.ts";
import { withValidatedSimulator } from "./validated.ts";

const CRLF = (lines: string[]) => lines.join("\r\n") + "\r\n";

/** A VCALENDAR around one VEVENT's lines (and any further components). */
const calendar = (event: string[], extra: string[] = []) =>
  CRLF([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Test//EN",
    ...extra,
    "BEGIN:VEVENT",
    ...event,
    "END:VEVENT",
    "END:VCALENDAR",
  ]);

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

function createFromMime(content: string, extra: XmlNode[] = []): XmlNode {
  return createItem(
    [x("t:CalendarItem", null, x("t:MimeContent", null, b64(content)), ...extra)],
    { SendMeetingInvitations: "SendToNone" },
    folderId("calendar"),
  );
}

async function create(sim: RunningSimulator, content: string, extra: XmlNode[] = []) {
  const [m] = messages(await call(sim, createFromMime(content, extra)));
  return m;
}

const DETAILS = [
  "calendar:Recurrence",
  "calendar:RequiredAttendees",
  "calendar:OptionalAttendees",
  "calendar:Resources",
  "calendar:StartTimeZone",
];

async function read(sim: RunningSimulator, id: string, mime = false): Promise<XmlElement> {
  const [m] = messages(await call(sim, getItem([id], { mime, properties: DETAILS })));
  assert.equal(responseCode(m), "NoError");
  return find(m, "m:Items/t:CalendarItem")!;
}

const idOf = (m: XmlElement) => find(m, "m:Items/t:CalendarItem/t:ItemId")!.attrs.Id;
const text = (item: XmlElement, path: string) => find(item, path)?.text;
const emails = (item: XmlElement, list: string) =>
  findAll(item, `t:${list}/t:Attendee/t:Mailbox/t:EmailAddress`).map((e) => e.text);

Deno.test("A bare iCalendar event becomes a calendar item: zone, place, body, organiser, attendees, weekly rule", () =>
  withValidatedSimulator(async (sim) => {
    const m = await create(
      sim,
      calendar([
        "UID:fidelity-1",
        "SUMMARY:Design review",
        "DESCRIPTION:Agenda: the new API\\, then questions",
        "LOCATION:Room Aurora",
        "DTSTART;TZID=W. Europe Standard Time:20300204T090000",
        "DTEND;TZID=W. Europe Standard Time:20300204T103000",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=6",
        "ORGANIZER;CN=Alex Wilber:mailto:alex@contoso.test",
        "ATTENDEE;CN=Pat;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:pat@contoso.test",
        "ATTENDEE;ROLE=OPT-PARTICIPANT:mailto:someone@example.com",
        "ATTENDEE;CUTYPE=RESOURCE:mailto:room-aurora@contoso.test",
        "BEGIN:VALARM",
        "TRIGGER:-PT30M",
        "ACTION:DISPLAY",
        "END:VALARM",
      ]),
    );
    assert.equal(responseCode(m), "NoError");
    const item = await read(sim, idOf(m));
    assert.equal(text(item, "t:Subject"), "Design review");
    assert.equal(text(item, "t:Body"), "Agenda: the new API, then questions");
    assert.equal(text(item, "t:Location"), "Room Aurora");
    assert.equal(text(item, "t:Start"), "2030-02-04T08:00:00Z", "09:00 in Berlin is 08:00 UTC");
    assert.equal(text(item, "t:End"), "2030-02-04T09:30:00Z");
    assert.equal(find(item, "t:StartTimeZone")?.attrs.Id, "W. Europe Standard Time");
    assert.equal(text(item, "t:UID"), "fidelity-1");
    assert.equal(text(item, "t:MyResponseType"), "Organizer");
    assert.equal(text(item, "t:ReminderIsSet"), "true");
    assert.equal(text(item, "t:ReminderMinutesBeforeStart"), "30");
    assert.deepEqual(emails(item, "RequiredAttendees"), ["pat@contoso.test"]);
    assert.deepEqual(emails(item, "OptionalAttendees"), ["someone@example.com"]);
    assert.deepEqual(emails(item, "Resources"), ["room-aurora@contoso.test"]);
    const weekly = find(item, "t:Recurrence/t:WeeklyRecurrence")!;
    assert.equal(text(weekly, "t:Interval"), "2");
    assert.equal(text(weekly, "t:DaysOfWeek"), "Monday Wednesday");
    assert.equal(text(item, "t:Recurrence/t:NumberedRecurrence/t:NumberOfOccurrences"), "6");
    assert.equal(text(item, "t:Recurrence/t:NumberedRecurrence/t:StartDate"), "2030-02-04");
    assert.equal(sim.stats.byOperation.CreateItem, 1);
  }));

Deno.test("An Internet message carrying text/calendar: UTC times, the message text as body; elements beside the MIME win", () =>
  withValidatedSimulator(async (sim) => {
    const ics = calendar([
      "UID:mime-1",
      "SUMMARY:From a mail client",
      "DTSTART:20300301T140000Z",
      "DTEND:20300301T150000Z",
    ]);
    const message = CRLF([
      "From: Alex Wilber <alex@contoso.test>",
      "Subject: From a mail client",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Written in the message.",
      "--b1",
      "Content-Type: text/calendar; method=PUBLISH; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      b64(ics),
      "--b1--",
    ]);
    const m = await create(sim, message);
    assert.equal(responseCode(m), "NoError");
    const item = await read(sim, idOf(m));
    assert.equal(text(item, "t:Start"), "2030-03-01T14:00:00Z");
    assert.equal(text(item, "t:End"), "2030-03-01T15:00:00Z");
    assert.equal(text(item, "t:Body")?.trim(), "Written in the message.");

    const [given] = messages(
      await call(sim, createFromMime(ics, [x("t:Subject", null, "Named by the element")])),
    );
    // Elements must follow MimeContent in schema order; Subject does.
    assert.equal(text(await read(sim, idOf(given)), "t:Subject"), "Named by the element");
  }));

Deno.test("All-day events (DATE values) and EXDATE: the day in the request's zone, deleted occurrences skipped", () =>
  withValidatedSimulator(async (sim) => {
    const m = await create(
      sim,
      calendar([
        "UID:allday-1",
        "SUMMARY:Offsite",
        "DTSTART;VALUE=DATE:20300610",
        "DTEND;VALUE=DATE:20300611",
        "RRULE:FREQ=DAILY;UNTIL=20300614",
        "EXDATE;VALUE=DATE:20300612",
      ]),
    );
    assert.equal(responseCode(m), "NoError");
    const item = await read(sim, idOf(m));
    assert.equal(text(item, "t:IsAllDayEvent"), "true");
    assert.equal(text(item, "t:Start"), "2030-06-10T00:00:00Z");
    assert.equal(text(item, "t:Recurrence/t:EndDateRecurrence/t:EndDate"), "2030-06-14");
    const window = { StartDate: "2030-06-09T00:00:00Z", EndDate: "2030-06-20T00:00:00Z" };
    const [view] = messages(
      await call(
        sim,
        findItem(folderId("calendar"), {
          shape: "IdOnly",
          properties: ["item:Subject", "calendar:Start"],
          view: x("m:CalendarView", window),
        }),
      ),
    );
    const starts = findAll(view, "m:RootFolder/t:Items/t:CalendarItem")
      .filter((i) => text(i, "t:Subject") === "Offsite")
      .map((i) => text(i, "t:Start"));
    assert.deepEqual(starts, [
      "2030-06-10T00:00:00Z",
      "2030-06-11T00:00:00Z",
      "2030-06-13T00:00:00Z",
      "2030-06-14T00:00:00Z",
    ]);
  }));

Deno.test("A TZID that names no known zone is read through the object's VTIMEZONE", () =>
  withValidatedSimulator(async (sim) => {
    const m = await create(
      sim,
      calendar([
        "UID:tz-1",
        "SUMMARY:Custom zone",
        "DTSTART;TZID=Custom Berlin:20300715T090000",
        "DTEND;TZID=Custom Berlin:20300715T100000",
      ], [
        "BEGIN:VTIMEZONE",
        "TZID:Custom Berlin",
        "BEGIN:STANDARD",
        "DTSTART:16010101T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010101T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
      ]),
    );
    assert.equal(responseCode(m), "NoError");
    assert.equal(
      text(await read(sim, idOf(m)), "t:Start"),
      "2030-07-15T07:00:00Z",
      "summer: +2",
    );
  }));

Deno.test("What the store cannot hold is refused with Exchange's codes, and nothing is created", () =>
  withValidatedSimulator(async (sim) => {
    const event = (...lines: string[]) =>
      calendar([
        "UID:bad",
        "SUMMARY:Bad",
        "DTSTART:20300101T090000Z",
        "DTEND:20300101T100000Z",
        ...lines,
      ]);
    const cases: [string, string][] = [
      [event("RRULE:FREQ=HOURLY;COUNT=3"), "ErrorUnsupportedRecurrence"],
      [event("RRULE:FREQ=WEEKLY;BYWEEKNO=20"), "ErrorUnsupportedRecurrence"],
      [event("RRULE:FREQ=MONTHLY;BYDAY=1MO,3MO"), "ErrorUnsupportedRecurrence"],
      [event("RDATE:20300105T090000Z"), "ErrorUnsupportedRecurrence"],
      [event("ATTACH:https://example.com/agenda.pdf"), "ErrorUnsupportedMimeConversion"],
      [
        calendar([
          "UID:tz",
          "DTSTART;TZID=Nowhere/Land:20300101T090000",
          "DTEND;TZID=Nowhere/Land:20300101T100000",
        ]),
        "ErrorCalendarInvalidTimeZone",
      ],
      [
        CRLF(["BEGIN:VCALENDAR", "VERSION:2.0", "END:VCALENDAR"]),
        "ErrorMimeContentConversionFailed",
      ],
      [CRLF(["Subject: no calendar", "", "Just text."]), "ErrorMimeContentConversionFailed"],
    ];
    for (const [content, code] of cases) {
      assert.equal(responseCode(await create(sim, content)), code, content);
    }
    const [view] = messages(await call(sim, findItem(folderId("calendar"))));
    const subjects = findAll(view, "m:RootFolder/t:Items/t:CalendarItem/t:Subject").map((s) =>
      s.text
    );
    assert.ok(!subjects.includes("Bad"));
  }));

Deno.test("MimeContent of a calendar item is iCalendar that reads back to the same event", () =>
  withValidatedSimulator(async (sim) => {
    const m = await create(
      sim,
      calendar([
        "UID:round-1",
        "SUMMARY:Round trip",
        "LOCATION:Room 2",
        "DTSTART;TZID=Pacific Standard Time:20300305T100000",
        "DTEND;TZID=Pacific Standard Time:20300305T110000",
        "RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20301231T235959Z",
        "EXDATE;TZID=Pacific Standard Time:20300409T100000",
      ]),
    );
    const item = await read(sim, idOf(m), true);
    const ics = new TextDecoder().decode(
      Uint8Array.from(atob(text(item, "t:MimeContent")!), (c) => c.charCodeAt(0)),
    );
    assert.match(ics, /^BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\n/);
    assert.match(ics, /BEGIN:VTIMEZONE\r\nTZID:Pacific Standard Time\r\n/);
    const back = readCalendar(ics, "UTC").item;
    assert.equal(back.subject, "Round trip");
    assert.equal(back.location, "Room 2");
    assert.equal(back.start.toISOString(), text(item, "t:Start")!.replace("Z", ".000Z"));
    assert.equal(back.end.toISOString(), text(item, "t:End")!.replace("Z", ".000Z"));
    assert.equal(back.startTimeZone, "Pacific Standard Time");
    assert.deepEqual(back.recurrence, {
      pattern: { kind: "RelativeMonthly", interval: 1, day: "Tuesday", index: "Second" },
      range: { startDate: "2030-03-05", endDate: "2030-12-31" },
    });
    assert.equal(back.deleted?.size, 1);
  }));

Deno.test("RRULEs map onto Exchange's patterns", () => {
  const at = (rule: string, start = "DTSTART;TZID=W. Europe Standard Time:20300204T090000") =>
    readCalendar(calendar(["UID:r", start, "DURATION:PT1H", `RRULE:${rule}`]), "UTC").item
      .recurrence;
  assert.deepEqual(at("FREQ=DAILY;INTERVAL=3;COUNT=5"), {
    pattern: { kind: "Daily", interval: 3 },
    range: { startDate: "2030-02-04", count: 5 },
  });
  assert.deepEqual(at("FREQ=WEEKLY"), {
    pattern: { kind: "Weekly", interval: 1, days: ["Monday"], firstDayOfWeek: "Monday" },
    range: { startDate: "2030-02-04" },
  });
  assert.deepEqual(at("FREQ=WEEKLY;BYDAY=TU,TH;WKST=SU;UNTIL=20300301T080000Z")?.pattern, {
    kind: "Weekly",
    interval: 1,
    days: ["Tuesday", "Thursday"],
    firstDayOfWeek: "Sunday",
  });
  assert.equal(at("FREQ=WEEKLY;UNTIL=20300301T080000Z")?.range.endDate, "2030-03-01");
  assert.deepEqual(at("FREQ=MONTHLY;INTERVAL=2")?.pattern, {
    kind: "AbsoluteMonthly",
    interval: 2,
    dayOfMonth: 4,
  });
  assert.deepEqual(at("FREQ=MONTHLY;BYMONTHDAY=15")?.pattern, {
    kind: "AbsoluteMonthly",
    interval: 1,
    dayOfMonth: 15,
  });
  assert.deepEqual(at("FREQ=MONTHLY;BYDAY=-1FR")?.pattern, {
    kind: "RelativeMonthly",
    interval: 1,
    day: "Friday",
    index: "Last",
  });
  assert.deepEqual(at("FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3")?.pattern, {
    kind: "RelativeMonthly",
    interval: 1,
    day: "Wednesday",
    index: "Third",
  });
  assert.deepEqual(at("FREQ=YEARLY")?.pattern, { kind: "AbsoluteYearly", month: 2, dayOfMonth: 4 });
  assert.deepEqual(at("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH")?.pattern, {
    kind: "RelativeYearly",
    month: 11,
    day: "Thursday",
    index: "Fourth",
  });
  assert.throws(() => at("FREQ=YEARLY;INTERVAL=2"), /repeat every year/);
  assert.throws(() => at("FREQ=MINUTELY"), /no Exchange pattern/);
});
