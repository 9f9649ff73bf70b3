/**
 * `t:MimeContent` of a `t:CalendarItem` in CreateItem: an iCalendar object (RFC 5545), bare or as
 * the text/calendar part of an Internet message, read with ical.js into what the calendar store
 * holds. Times keep their zone: a TZID naming a Windows or IANA zone is used as such, another
 * TZID through the VTIMEZONE the object carries, UTC as UTC, and floating times and dates (all-day
 * events) in the request's zone. Recurrences map onto Exchange's patterns (RRULE with FREQ
 * DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT or UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS),
 * EXDATE onto deleted occurrences, RECURRENCE-ID instances onto modified ones. What the store
 * cannot hold is refused with Exchange's codes rather than dropped: a rule Exchange has no
 * pattern for (ErrorUnsupportedRecurrence), RDATE, attachments (ErrorUnsupportedMimeConversion),
 * an unknown zone (ErrorCalendarInvalidTimeZone). Stamps (DTSTAMP, CREATED, LAST-MODIFIED) and
 * other clients' private X- properties are dropped, as Exchange drops them.
 */
import ICAL from "ical.js";
import PostalMime from "postal-mime";
import type { XmlElement } from "../../ews/xml/mod.ts";
import { ianaTimeZone, wallClock, windowsTimeZoneId, zonedToUtc } from "../../ews/timezones.ts";
import {
  type Attendee,
  DAY_NAMES,
  type DayName,
  type FreeBusy,
  type NewCalendarItem,
  type OccurrenceChange,
  type Recurrence,
  type RecurrencePattern,
  type ResponseType,
  WEEK_INDEXES,
} from "../store/calendar.ts";
import type { EmailAddress, Importance, MessageBody, Sensitivity } from "../store/types.ts";
import { EwsError } from "./errors.ts";
import { mimeBytes } from "./mime_input.ts";

/** A calendar item read from MIME: the store's fields, with its organiser. */
export interface CalendarMime {
  item: NewCalendarItem & { organizer?: EmailAddress };
}

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;

/** Decodes the base64 content, finds the iCalendar text (bare or a MIME part) and reads it. */
export async function parseCalendarMimeContent(
  element: XmlElement,
  fallbackZone: string,
): Promise<CalendarMime> {
  const raw = mimeBytes(element);
  const text = new TextDecoder().decode(raw);
  if (/^\s*BEGIN:VCALENDAR/i.test(text)) return readCalendar(text, fallbackZone);
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw);
  } catch {
    throw new EwsError("ErrorMimeContentConversionFailed", "The MIME content could not be read.");
  }
  const part = email.attachments.find((a) => a.mimeType.toLowerCase() === "text/calendar");
  if (!part) {
    throw new EwsError(
      "ErrorMimeContentConversionFailed",
      "The MIME content has no text/calendar part.",
    );
  }
  const content = typeof part.content === "string"
    ? part.content
    : new TextDecoder().decode(part.content);
  const mime = readCalendar(content, fallbackZone);
  // The message's own text is the body when the event carries none.
  if (!mime.item.body && (email.html ?? email.text)) {
    mime.item.body = email.html !== undefined
      ? { type: "HTML", content: email.html }
      : { type: "Text", content: email.text ?? "" };
  }
  return mime;
}

/** Reads one event (with its modified occurrences) from iCalendar text. */
export function readCalendar(text: string, fallbackZone: string): CalendarMime {
  let calendar: Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text));
  } catch {
    throw new EwsError("ErrorMimeContentConversionFailed", "The iCalendar data could not be read.");
  }
  const events = calendar.getAllSubcomponents("vevent");
  const masters = events.filter((e) => !e.hasProperty("recurrence-id"));
  if (masters.length !== 1) {
    throw new EwsError(
      "ErrorMimeContentConversionFailed",
      masters.length === 0
        ? "The iCalendar data has no VEVENT."
        : "One calendar item is created from one VEVENT (with its modified occurrences).",
    );
  }
  const zones = new Map(
    calendar.getAllSubcomponents("vtimezone").map((c) => [
      String(c.getFirstPropertyValue("tzid")),
      new ICAL.Timezone(c),
    ]),
  );
  const reader = new EventReader(zones, fallbackZone);
  const master = masters[0];
  const item = reader.event(master);
  const uid = master.getFirstPropertyValue("uid");
  for (const instance of events.filter((e) => e.hasProperty("recurrence-id"))) {
    if (!item.recurrence || instance.getFirstPropertyValue("uid") !== uid) {
      throw new EwsError(
        "ErrorUnsupportedMimeConversion",
        "A modified occurrence (RECURRENCE-ID) needs its series in the same object.",
      );
    }
    const [key, change] = reader.exception(instance, item);
    item.exceptions!.set(key, change);
  }
  return { item };
}

interface When {
  instant: Date;
  allDay: boolean;
  /** The Windows (or IANA) zone the time was given in, when it names one. */
  zone?: string;
}

class EventReader {
  constructor(
    private zones: Map<string, InstanceType<typeof ICAL.Timezone>>,
    private fallbackZone: string,
  ) {}

  /** The zone the item is kept in: the start's own zone when it names one we know. */
  private itemZone(when: When): string {
    return when.zone ?? this.fallbackZone;
  }

  when(property: Property | null): When | undefined {
    if (!property) return undefined;
    const t = property.getFirstValue() as Time;
    const fields = {
      year: t.year,
      month: t.month,
      day: t.day,
      hour: t.hour,
      minute: t.minute,
      second: t.second,
    };
    if (t.isDate) {
      const date = { year: t.year, month: t.month, day: t.day };
      return { instant: zonedToUtc(date, ianaTimeZone(this.fallbackZone)), allDay: true };
    }
    const tzid = property.getParameter("tzid") as string | undefined;
    if (!tzid) {
      if (t.zone === ICAL.Timezone.utcTimezone) {
        return {
          instant: new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)),
          allDay: false,
          zone: "UTC",
        };
      }
      return { instant: zonedToUtc(fields, ianaTimeZone(this.fallbackZone)), allDay: false };
    }
    const known = knownZone(tzid);
    if (known) {
      return { instant: zonedToUtc(fields, ianaTimeZone(known)), allDay: false, zone: known };
    }
    const zone = this.zones.get(tzid);
    if (!zone) {
      throw new EwsError(
        "ErrorCalendarInvalidTimeZone",
        `The time zone "${tzid}" is neither known nor described by a VTIMEZONE.`,
      );
    }
    const local = new ICAL.Time({ ...fields, isDate: false }, zone);
    const offset = zone.utcOffset(local);
    const utc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - offset * 1000;
    return { instant: new Date(utc), allDay: false };
  }

  event(event: Component): NewCalendarItem & { organizer?: EmailAddress } {
    for (const p of event.getAllProperties()) {
      const name = p.name.toLowerCase();
      if (name === "attach") {
        throw new EwsError(
          "ErrorUnsupportedMimeConversion",
          "Attachments in iCalendar data are not supported; add them with CreateAttachment.",
        );
      }
      if (name === "rdate") {
        throw new EwsError("ErrorUnsupportedRecurrence", "RDATE has no Exchange equivalent.");
      }
    }
    const start = this.when(event.getFirstProperty("dtstart"));
    if (!start) {
      throw new EwsError("ErrorMimeContentConversionFailed", "The VEVENT has no DTSTART.");
    }
    const end = this.endOf(event, start);
    if (end.instant < start.instant) {
      throw new EwsError(
        "ErrorCalendarEndDateIsEarlierThanStartDate",
        "EndDate is earlier than StartDate",
      );
    }
    const zone = this.itemZone(start);
    const rules = event.getAllProperties("rrule");
    if (rules.length > 1) {
      throw new EwsError("ErrorUnsupportedRecurrence", "Only one RRULE per event is supported.");
    }
    const recurrence = rules.length
      ? readRule(rules[0].getFirstValue() as InstanceType<typeof ICAL.Recur>, start, zone)
      : undefined;
    const deleted = new Set<number>();
    for (const p of event.getAllProperties("exdate")) {
      for (const value of p.getValues()) {
        const excluded = this.when(valueProperty(p, value as Time));
        if (excluded) deleted.add(excluded.instant.getTime());
      }
    }
    const attendees = event.getAllProperties("attendee").map(readAttendee);
    const organizer = address(event.getFirstProperty("organizer"));
    const alarm = event.getFirstSubcomponent("valarm");
    const trigger = alarm?.getFirstPropertyValue("trigger");
    const busy = String(event.getFirstPropertyValue("x-microsoft-cdo-busystatus") ?? "");
    const categories = event.getAllProperties("categories").flatMap((p) =>
      p.getValues().map(String)
    );
    return {
      subject: String(event.getFirstPropertyValue("summary") ?? ""),
      body: bodyOf(event),
      start: start.instant,
      end: end.instant,
      isAllDay: start.allDay,
      location: optional(event.getFirstPropertyValue("location")),
      organizer,
      required: attendees.filter((a) => a.role === "required").map((a) => a.attendee),
      optional: attendees.filter((a) => a.role === "optional").map((a) => a.attendee),
      resources: attendees.filter((a) => a.role === "resource").map((a) => a.attendee),
      startTimeZone: windowsZone(zone),
      endTimeZone: windowsZone(end.zone ?? zone),
      recurrence,
      deleted,
      exceptions: new Map(),
      uid: optional(event.getFirstPropertyValue("uid")),
      sequence: Number(event.getFirstPropertyValue("sequence") ?? 0) || 0,
      sensitivity: SENSITIVITY[String(event.getFirstPropertyValue("class") ?? "").toUpperCase()],
      importance: importanceOf(event.getFirstPropertyValue("priority")),
      freeBusy: FREE_BUSY[busy.toUpperCase()] ??
        (String(event.getFirstPropertyValue("transp") ?? "").toUpperCase() === "TRANSPARENT"
          ? "Free"
          : undefined),
      isCancelled: String(event.getFirstPropertyValue("status") ?? "").toUpperCase() ===
        "CANCELLED",
      categories: categories.length ? categories : undefined,
      reminderIsSet: trigger instanceof ICAL.Duration,
      reminderMinutes: trigger instanceof ICAL.Duration
        ? Math.max(0, Math.round(-trigger.toSeconds() / 60))
        : undefined,
    };
  }

  private endOf(event: Component, start: When): When {
    const end = this.when(event.getFirstProperty("dtend"));
    if (end) return end;
    const duration = event.getFirstPropertyValue("duration");
    const ms = duration instanceof ICAL.Duration
      ? duration.toSeconds() * 1000
      : start.allDay
      ? 86_400_000
      : 0;
    return { ...start, instant: new Date(start.instant.getTime() + ms) };
  }

  /** A modified occurrence: its original start and what it changes. */
  exception(
    instance: Component,
    series: NewCalendarItem,
  ): [number, OccurrenceChange] {
    const original = this.when(instance.getFirstProperty("recurrence-id"))!;
    const start = this.when(instance.getFirstProperty("dtstart")) ?? original;
    const end = this.endOf(instance, start);
    const subject = optional(instance.getFirstPropertyValue("summary"));
    const location = optional(instance.getFirstPropertyValue("location"));
    return [original.instant.getTime(), {
      start: start.instant,
      end: end.instant,
      subject: subject !== series.subject ? subject : undefined,
      location: location !== series.location ? location : undefined,
      body: bodyOf(instance),
      version: 1,
    }];
  }
}

/** One value of a multi-valued date property, as a property of its own (for its TZID). */
function valueProperty(property: Property, value: Time): Property {
  const single = new ICAL.Property(property.name);
  const tzid = property.getParameter("tzid");
  if (tzid) single.setParameter("tzid", tzid as string);
  single.setValue(value);
  return single;
}

function knownZone(tzid: string): string | undefined {
  try {
    return windowsTimeZoneId(tzid) ?? ianaTimeZone(tzid);
  } catch {
    return undefined;
  }
}

/** The item keeps Windows ids (replies name zones by them); zones without one become UTC. */
function windowsZone(zone: string): string {
  try {
    return windowsTimeZoneId(zone) ?? "UTC";
  } catch {
    return "UTC";
  }
}

const optional = (value: unknown) =>
  value === null || value === undefined ? undefined : String(value);

function bodyOf(event: Component): MessageBody | undefined {
  const html = event.getAllProperties("x-alt-desc").find((p) =>
    String(p.getParameter("fmttype") ?? "").toLowerCase() === "text/html"
  );
  if (html) return { type: "HTML", content: String(html.getFirstValue()) };
  const text = event.getFirstPropertyValue("description");
  return text === null ? undefined : { type: "Text", content: String(text) };
}

function address(property: Property | null): EmailAddress | undefined {
  if (!property) return undefined;
  const value = String(property.getFirstValue() ?? "").replace(/^mailto:/i, "").trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) {
    throw new EwsError(
      "ErrorInvalidRecipients",
      `The recipient "${value}" isn't a valid SMTP address.`,
    );
  }
  const name = property.getParameter("cn");
  return { name: name ? String(name) : undefined, emailAddress: value, routingType: "SMTP" };
}

const RESPONSES: Record<string, ResponseType> = {
  ACCEPTED: "Accept",
  TENTATIVE: "Tentative",
  DECLINED: "Decline",
  "NEEDS-ACTION": "NoResponseReceived",
};

function readAttendee(property: Property): { role: string; attendee: Attendee } {
  const role = String(property.getParameter("role") ?? "REQ-PARTICIPANT").toUpperCase();
  const type = String(property.getParameter("cutype") ?? "INDIVIDUAL").toUpperCase();
  const state = String(property.getParameter("partstat") ?? "").toUpperCase();
  return {
    role: type === "RESOURCE" || type === "ROOM" || role === "NON-PARTICIPANT"
      ? "resource"
      : role === "OPT-PARTICIPANT"
      ? "optional"
      : "required",
    attendee: { address: address(property)!, response: RESPONSES[state] ?? "Unknown" },
  };
}

const SENSITIVITY: Record<string, Sensitivity> = {
  PUBLIC: "Normal",
  PRIVATE: "Private",
  CONFIDENTIAL: "Confidential",
};

const FREE_BUSY: Record<string, FreeBusy> = {
  FREE: "Free",
  TENTATIVE: "Tentative",
  BUSY: "Busy",
  OOF: "OOF",
  WORKINGELSEWHERE: "WorkingElsewhere",
};

/** PRIORITY 1-4 is high, 5 normal, 6-9 low (RFC 5545 3.8.1.9); 0 or absent says nothing. */
function importanceOf(value: unknown): Importance | undefined {
  const n = Number(value ?? 0);
  if (!n) return undefined;
  return n < 5 ? "High" : n === 5 ? "Normal" : "Low";
}

// ---- RRULE → Exchange recurrence -----------------------------------------------------------

const ICAL_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
const PARTS = new Set(["BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"]);

function dayName(code: string): DayName {
  const i = ICAL_DAYS.indexOf(code);
  if (i < 0) throw new EwsError("ErrorUnsupportedRecurrence", `Unknown day "${code}".`);
  return DAY_NAMES[i];
}

function weekIndex(n: number) {
  if (n >= 1 && n <= 4) return WEEK_INDEXES[n - 1];
  if (n === -1) return "Last" as const;
  throw new EwsError("ErrorUnsupportedRecurrence", `The ${n}. weekday of a month has no pattern.`);
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
function localDate(instant: Date, zone: string): string {
  const c = wallClock(instant, ianaTimeZone(zone));
  return `${c.year}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`;
}

/** Maps an RRULE onto Exchange's patterns; one Exchange cannot express is refused. */
export function readRule(
  rule: InstanceType<typeof ICAL.Recur>,
  start: When,
  zone: string,
): Recurrence {
  const parts = rule.parts as Record<string, (string | number)[] | undefined>;
  for (const name of Object.keys(parts)) {
    if (!PARTS.has(name)) {
      throw new EwsError(
        "ErrorUnsupportedRecurrence",
        `RRULE part ${name} has no Exchange pattern.`,
      );
    }
  }
  const first = wallClock(start.instant, ianaTimeZone(start.allDay ? zone : start.zone ?? zone));
  const byDay = (parts.BYDAY ?? []).map((d) => {
    const m = /^([+-]?\d+)?([A-Z]{2})$/.exec(String(d).toUpperCase());
    if (!m) throw new EwsError("ErrorUnsupportedRecurrence", `BYDAY "${d}" is not valid.`);
    return { ordinal: m[1] ? Number(m[1]) : undefined, day: dayName(m[2]) };
  });
  const byMonthDay = (parts.BYMONTHDAY ?? []).map(Number);
  const byMonth = (parts.BYMONTH ?? []).map(Number);
  const bySetPos = (parts.BYSETPOS ?? []).map(Number);
  const interval = rule.interval || 1;
  const only = (allowed: string[]) => {
    for (const name of Object.keys(parts)) {
      if (!allowed.includes(name)) {
        throw new EwsError(
          "ErrorUnsupportedRecurrence",
          `RRULE ${rule.freq} with ${name} has no Exchange pattern.`,
        );
      }
    }
  };
  const single = <T>(list: T[], what: string): T | undefined => {
    if (list.length > 1) {
      throw new EwsError("ErrorUnsupportedRecurrence", `Several ${what} have no Exchange pattern.`);
    }
    return list[0];
  };
  let pattern: RecurrencePattern;
  switch (rule.freq) {
    case "DAILY":
      only([]);
      pattern = { kind: "Daily", interval };
      break;
    case "WEEKLY": {
      only(["BYDAY"]);
      if (byDay.some((d) => d.ordinal !== undefined)) {
        throw new EwsError("ErrorUnsupportedRecurrence", "A weekly BYDAY takes no ordinal.");
      }
      const wkst = rule.wkst ? DAY_NAMES[(rule.wkst - 1) % 7] : "Monday";
      pattern = {
        kind: "Weekly",
        interval,
        days: byDay.length ? byDay.map((d) => d.day) : [DAY_NAMES[first.weekday]],
        firstDayOfWeek: wkst,
      };
      break;
    }
    case "MONTHLY": {
      only(["BYDAY", "BYMONTHDAY", "BYSETPOS"]);
      const day = single(byDay, "weekdays");
      const monthDay = single(byMonthDay, "days of the month");
      const position = single(bySetPos, "positions");
      if (day) {
        const ordinal = day.ordinal ?? position;
        if (ordinal === undefined || monthDay !== undefined) {
          throw new EwsError("ErrorUnsupportedRecurrence", "A monthly BYDAY needs one position.");
        }
        pattern = { kind: "RelativeMonthly", interval, day: day.day, index: weekIndex(ordinal) };
      } else {
        const dayOfMonth = monthDay ?? first.day;
        if (dayOfMonth < 1 || position !== undefined) {
          throw new EwsError(
            "ErrorUnsupportedRecurrence",
            "Only days 1-31 of a month are supported.",
          );
        }
        pattern = { kind: "AbsoluteMonthly", interval, dayOfMonth };
      }
      break;
    }
    case "YEARLY": {
      only(["BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"]);
      if (interval !== 1) {
        throw new EwsError("ErrorUnsupportedRecurrence", "Yearly recurrences repeat every year.");
      }
      const month = single(byMonth, "months") ?? first.month;
      const day = single(byDay, "weekdays");
      const position = single(bySetPos, "positions");
      if (day) {
        const ordinal = day.ordinal ?? position;
        if (ordinal === undefined) {
          throw new EwsError("ErrorUnsupportedRecurrence", "A yearly BYDAY needs one position.");
        }
        pattern = { kind: "RelativeYearly", month, day: day.day, index: weekIndex(ordinal) };
      } else {
        pattern = {
          kind: "AbsoluteYearly",
          month,
          dayOfMonth: single(byMonthDay, "days of the month") ?? first.day,
        };
      }
      break;
    }
    default:
      throw new EwsError(
        "ErrorUnsupportedRecurrence",
        `FREQ=${rule.freq} has no Exchange pattern (daily is the shortest).`,
      );
  }
  const range: Recurrence["range"] = {
    startDate: `${first.year}-${String(first.month).padStart(2, "0")}-${
      String(first.day).padStart(2, "0")
    }`,
  };
  if (rule.count) range.count = rule.count;
  if (rule.until) {
    const until = rule.until;
    range.endDate = until.isDate
      ? `${until.year}-${String(until.month).padStart(2, "0")}-${
        String(until.day).padStart(2, "0")
      }`
      : localDate(
        new Date(
          Date.UTC(until.year, until.month - 1, until.day, until.hour, until.minute, until.second),
        ),
        zone,
      );
  }
  return { pattern, range };
}
