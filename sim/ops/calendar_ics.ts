/**
 * A calendar item as iCalendar, for `item:MimeContent`: what Exchange returns for appointments is
 * a VCALENDAR (METHOD:PUBLISH) with the start zone as VTIMEZONE, one VEVENT for the item (RRULE,
 * EXDATE for deleted occurrences, organiser, attendees, reminder as VALARM) and one per modified
 * occurrence (RECURRENCE-ID). Built with ical.js, which escapes and folds the lines.
 */
import ICAL from "ical.js";
import { ianaTimeZone, wallClock, zonedToUtc } from "../../ews/timezones.ts";
import { type Attendee, type CalendarItem, DAY_NAMES, type Recurrence } from "../store/calendar.ts";
import { bodyText } from "./body.ts";
import { serializableFromIana } from "./serializable_time_zone.ts";

type Component = InstanceType<typeof ICAL.Component>;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const ICAL_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
const icalDay = (day: string) => ICAL_DAYS[DAY_NAMES.indexOf(day as never)];
const ordinal = (index: string) =>
  index === "Last" ? -1 : ["First", "Second", "Third", "Fourth"].indexOf(index) + 1;

function utcStamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${
    pad(d.getUTCHours())
  }${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** `NAME;TZID=zone:local` (or `NAME;VALUE=DATE:date` for all-day items, `NAME:utcZ` in UTC). */
function dateLine(name: string, instant: Date, zone: string, allDay: boolean): string {
  if (zone === "UTC" && !allDay) return `${name}:${utcStamp(instant)}`;
  const c = wallClock(instant, ianaTimeZone(zone));
  const date = `${c.year}${pad(c.month)}${pad(c.day)}`;
  if (allDay) return `${name};VALUE=DATE:${date}`;
  return `${name};TZID=${zone}:${date}T${pad(c.hour)}${pad(c.minute)}${pad(c.second)}`;
}

function offset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** The zone's yearly rules as Exchange writes them (a STANDARD and a DAYLIGHT since 1601). */
function vtimezone(zone: string, year: number): Component {
  const rules = serializableFromIana(ianaTimeZone(zone), year);
  const tz = new ICAL.Component("vtimezone");
  tz.addPropertyWithValue("tzid", zone);
  const standard = -(rules.bias + rules.standard.bias);
  const daylight = -(rules.bias + rules.daylight.bias);
  const part = (name: string, from: number, to: number, t?: typeof rules.standard) => {
    const c = new ICAL.Component(name);
    const time = t ? `${pad(Math.floor(t.time / 60))}${pad(t.time % 60)}00` : "000000";
    c.addProperty(ICAL.Property.fromString(`DTSTART:16010101T${time}`));
    c.addProperty(ICAL.Property.fromString(`TZOFFSETFROM:${offset(from)}`));
    c.addProperty(ICAL.Property.fromString(`TZOFFSETTO:${offset(to)}`));
    if (t) {
      const n = t.dayOrder >= 5 ? -1 : t.dayOrder;
      c.addProperty(
        ICAL.Property.fromString(
          `RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=${n}${ICAL_DAYS[t.dayOfWeek]};BYMONTH=${t.month}`,
        ),
      );
    }
    tz.addSubcomponent(c);
  };
  if (rules.standard.month === 0) {
    part("standard", standard, standard);
  } else {
    part("standard", daylight, standard, rules.standard);
    part("daylight", standard, daylight, rules.daylight);
  }
  return tz;
}

/** RRULE text of a series (UNTIL as the last day's start, in UTC, as RFC 5545 asks). */
export function ruleText(recurrence: Recurrence, item: CalendarItem): string {
  const p = recurrence.pattern;
  const parts: string[] = [];
  switch (p.kind) {
    case "Daily":
      parts.push("FREQ=DAILY", `INTERVAL=${p.interval}`);
      break;
    case "Weekly":
      parts.push(
        "FREQ=WEEKLY",
        `INTERVAL=${p.interval}`,
        `BYDAY=${p.days.map(icalDay).join(",")}`,
        `WKST=${icalDay(p.firstDayOfWeek)}`,
      );
      break;
    case "AbsoluteMonthly":
      parts.push("FREQ=MONTHLY", `INTERVAL=${p.interval}`, `BYMONTHDAY=${p.dayOfMonth}`);
      break;
    case "RelativeMonthly":
      parts.push(
        "FREQ=MONTHLY",
        `INTERVAL=${p.interval}`,
        `BYDAY=${ordinal(p.index)}${icalDay(p.day)}`,
      );
      break;
    case "AbsoluteYearly":
      parts.push("FREQ=YEARLY", "INTERVAL=1", `BYMONTHDAY=${p.dayOfMonth}`, `BYMONTH=${p.month}`);
      break;
    case "RelativeYearly":
      parts.push(
        "FREQ=YEARLY",
        "INTERVAL=1",
        `BYDAY=${ordinal(p.index)}${icalDay(p.day)}`,
        `BYMONTH=${p.month}`,
      );
      break;
  }
  const r = recurrence.range;
  if (r.count !== undefined) parts.push(`COUNT=${r.count}`);
  else if (r.endDate) {
    const date = r.endDate.replaceAll("-", "");
    if (item.isAllDay) parts.push(`UNTIL=${date}`);
    else {
      const zone = ianaTimeZone(item.startTimeZone);
      const c = wallClock(item.start, zone);
      const [y, m, d] = r.endDate.split("-").map(Number);
      const local = { year: y, month: m, day: d, hour: c.hour, minute: c.minute, second: c.second };
      parts.push(`UNTIL=${utcStamp(zonedToUtc(local, zone))}`);
    }
  }
  return parts.join(";");
}

function person(name: string, a: { name?: string; emailAddress: string }, params: string[]) {
  const cn = a.name ? [`CN="${a.name.replace(/"/g, "'")}"`] : [];
  return ICAL.Property.fromString(
    `${[name, ...cn, ...params].join(";")}:mailto:${a.emailAddress}`,
  );
}

const PARTSTAT: Record<string, string> = {
  Accept: "ACCEPTED",
  Tentative: "TENTATIVE",
  Decline: "DECLINED",
};

function attendee(a: Attendee, role: string): InstanceType<typeof ICAL.Property> {
  return person("ATTENDEE", a.address, [
    role === "resource" ? "CUTYPE=RESOURCE" : `ROLE=${role}`,
    `PARTSTAT=${PARTSTAT[a.response] ?? "NEEDS-ACTION"}`,
    "RSVP=TRUE",
  ]);
}

const CLASS = {
  Normal: "PUBLIC",
  Personal: "PRIVATE",
  Private: "PRIVATE",
  Confidential: "CONFIDENTIAL",
};
const PRIORITY = { Low: 9, Normal: 5, High: 1 };

function event(item: CalendarItem, fields: {
  subject: string;
  location?: string;
  body: CalendarItem["body"];
  start: Date;
  end: Date;
  recurrenceId?: Date;
}): Component {
  const e = new ICAL.Component("vevent");
  const add = (line: string) => e.addProperty(ICAL.Property.fromString(line));
  e.addProperty(person("ORGANIZER", item.organizer, []));
  for (const a of item.required) e.addProperty(attendee(a, "REQ-PARTICIPANT"));
  for (const a of item.optional) e.addProperty(attendee(a, "OPT-PARTICIPANT"));
  for (const a of item.resources) e.addProperty(attendee(a, "resource"));
  e.addPropertyWithValue("description", bodyText(fields.body));
  if (item.recurrence && !fields.recurrenceId) {
    add(`RRULE:${ruleText(item.recurrence, item)}`);
    for (const ms of [...item.deleted].sort()) {
      add(dateLine("EXDATE", new Date(ms), item.startTimeZone, item.isAllDay));
    }
  }
  if (fields.recurrenceId) {
    add(dateLine("RECURRENCE-ID", fields.recurrenceId, item.startTimeZone, item.isAllDay));
  }
  e.addPropertyWithValue("uid", item.uid);
  e.addPropertyWithValue("summary", fields.subject);
  add(dateLine("DTSTART", fields.start, item.startTimeZone, item.isAllDay));
  add(dateLine("DTEND", fields.end, item.endTimeZone, item.isAllDay));
  e.addPropertyWithValue("class", CLASS[item.sensitivity]);
  e.addPropertyWithValue("priority", PRIORITY[item.importance]);
  add(`DTSTAMP:${utcStamp(item.lastModified)}`);
  e.addPropertyWithValue("transp", item.freeBusy === "Free" ? "TRANSPARENT" : "OPAQUE");
  e.addPropertyWithValue("status", item.isCancelled ? "CANCELLED" : "CONFIRMED");
  e.addPropertyWithValue("sequence", item.sequence);
  if (fields.location !== undefined) e.addPropertyWithValue("location", fields.location);
  if (item.categories.length) {
    const categories = new ICAL.Property("categories");
    categories.setValues(item.categories);
    e.addProperty(categories);
  }
  e.addPropertyWithValue("x-microsoft-cdo-busystatus", item.freeBusy.toUpperCase());
  e.addPropertyWithValue("x-microsoft-cdo-alldayevent", item.isAllDay ? "TRUE" : "FALSE");
  if (item.body.type === "HTML") {
    const html = new ICAL.Property("x-alt-desc");
    html.setParameter("fmttype", "text/html");
    html.setValue(item.body.content);
    e.addProperty(html);
  }
  if (item.reminderIsSet && !fields.recurrenceId) {
    const alarm = new ICAL.Component("valarm");
    alarm.addPropertyWithValue("description", "REMINDER");
    alarm.addProperty(
      ICAL.Property.fromString(`TRIGGER;RELATED=START:-PT${item.reminderMinutes}M`),
    );
    alarm.addPropertyWithValue("action", "DISPLAY");
    e.addSubcomponent(alarm);
  }
  return e;
}

/** The item as an iCalendar object (text with CRLF line ends). */
export function renderICalendar(item: CalendarItem): string {
  const calendar = new ICAL.Component("vcalendar");
  calendar.addPropertyWithValue("method", "PUBLISH");
  calendar.addPropertyWithValue("prodid", "Microsoft Exchange Server 2010");
  calendar.addPropertyWithValue("version", "2.0");
  const zones = new Set([item.startTimeZone, item.endTimeZone]);
  if (!item.isAllDay) {
    for (const zone of zones) {
      if (zone !== "UTC") calendar.addSubcomponent(vtimezone(zone, item.start.getUTCFullYear()));
    }
  }
  calendar.addSubcomponent(event(item, item));
  for (const [original, change] of [...item.exceptions].sort(([a], [b]) => a - b)) {
    const duration = item.end.getTime() - item.start.getTime();
    calendar.addSubcomponent(event(item, {
      subject: change.subject ?? item.subject,
      location: change.location ?? item.location,
      body: change.body ?? item.body,
      start: change.start ?? new Date(original),
      end: change.end ?? new Date(original + duration),
      recurrenceId: new Date(original),
    }));
  }
  return calendar.toString().replace(/\r?\n/g, "\r\n") + "\r\n";
}
