/**
 * Calendar items on the wire: rendering `t:CalendarItem` in the schema's element order (ItemType
 * then CalendarItemType) for whatever properties a shape asks, and reading the fields a client
 * sets in CreateItem and UpdateItem.
 */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { ianaTimeZone } from "../../ews/timezones.ts";
import {
  type Attendee,
  type CalendarItem,
  DAY_NAMES,
  type DayName,
  type FreeBusy,
  type NewCalendarItem,
  type Occurrence,
  type Recurrence,
  type RecurrencePattern,
  WEEK_INDEXES,
  type WeekIndex,
} from "../store/calendar.ts";
import { encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { EmailAddress, Importance, Sensitivity } from "../store/types.ts";
import { renderICalendar } from "./calendar_ics.ts";
import { EwsError } from "./errors.ts";
import { kindTags, readExtended } from "./extended_fields.ts";
import {
  bodyRow,
  categoriesRow,
  classRow,
  extendedRow,
  folderRow,
  type KindProperty,
  type KindShape,
  parseKindShape,
  renderKind,
} from "./item_kind.ts";
import { mailboxElement, type PropertyValue } from "./item_properties.ts";
import { toBase64 } from "./mime.ts";
import { ewsDate, parseBoolean } from "./response.ts";

/** Occurrence keys carry the original start: `cal3~1774861200000`. */
export function occurrenceKey(occurrence: Occurrence): string {
  return occurrence.originalStart
    ? `${occurrence.item.key}~${occurrence.originalStart.getTime()}`
    : occurrence.item.key;
}

export function calendarIdAttrs(mailbox: Mailbox, occurrence: Occurrence) {
  const key = occurrenceKey(occurrence);
  const version = occurrence.item.version + (occurrence.change?.version ?? 0);
  return { Id: encodeId("item", mailbox.address, key), ChangeKey: encodeChangeKey(key, version) };
}

const text = (name: string, value: string | undefined) =>
  value === undefined ? undefined : x(name, null, value);
const bool = (name: string, value: boolean) => x(name, null, String(value));

function calendarItemType(o: Occurrence): string {
  if (!o.item.recurrence) return "Single";
  if (!o.originalStart) return "RecurringMaster";
  return o.change ? "Exception" : "Occurrence";
}

function attendees(name: string, list: Attendee[]): XmlNode | undefined {
  if (list.length === 0) return undefined;
  return x(
    name,
    null,
    ...list.map((a) =>
      x(
        "t:Attendee",
        null,
        mailboxElement(a.address),
        x("t:ResponseType", null, a.response),
        a.lastResponseTime && x("t:LastResponseTime", null, ewsDate(a.lastResponseTime)),
      )
    ),
  );
}

/** `t:Recurrence` content of a series. */
export function renderRecurrence(recurrence: Recurrence): XmlNode {
  const p = recurrence.pattern;
  const pattern = (() => {
    switch (p.kind) {
      case "Daily":
        return x("t:DailyRecurrence", null, x("t:Interval", null, p.interval));
      case "Weekly":
        return x(
          "t:WeeklyRecurrence",
          null,
          x("t:Interval", null, p.interval),
          x("t:DaysOfWeek", null, p.days.join(" ")),
          x("t:FirstDayOfWeek", null, p.firstDayOfWeek),
        );
      case "AbsoluteMonthly":
        return x(
          "t:AbsoluteMonthlyRecurrence",
          null,
          x("t:Interval", null, p.interval),
          x("t:DayOfMonth", null, p.dayOfMonth),
        );
      case "RelativeMonthly":
        return x(
          "t:RelativeMonthlyRecurrence",
          null,
          x("t:Interval", null, p.interval),
          x("t:DaysOfWeek", null, p.day),
          x("t:DayOfWeekIndex", null, p.index),
        );
      case "AbsoluteYearly":
        return x(
          "t:AbsoluteYearlyRecurrence",
          null,
          x("t:DayOfMonth", null, p.dayOfMonth),
          x("t:Month", null, MONTHS[p.month - 1]),
        );
      case "RelativeYearly":
        return x(
          "t:RelativeYearlyRecurrence",
          null,
          x("t:DaysOfWeek", null, p.day),
          x("t:DayOfWeekIndex", null, p.index),
          x("t:Month", null, MONTHS[p.month - 1]),
        );
    }
  })();
  const r = recurrence.range;
  const range = r.count !== undefined
    ? x(
      "t:NumberedRecurrence",
      null,
      x("t:StartDate", null, r.startDate),
      x("t:NumberOfOccurrences", null, r.count),
    )
    : r.endDate
    ? x(
      "t:EndDateRecurrence",
      null,
      x("t:StartDate", null, r.startDate),
      x("t:EndDate", null, r.endDate),
    )
    : x("t:NoEndRecurrence", null, x("t:StartDate", null, r.startDate));
  return x("t:Recurrence", null, pattern, range);
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const timeZone = (name: string, id: string) => {
  let zoneName = id;
  try {
    zoneName = ianaTimeZone(id);
  } catch { /* keep the id */ }
  return x(name, { Id: id, Name: zoneName });
};

const subjectOf = (o: Occurrence) => o.change?.subject ?? o.item.subject;
const locationOf = (o: Occurrence) => o.change?.location ?? o.item.location;

function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return `P${days ? `${days}D` : ""}T${h}H${m}M`;
}

/** A calendar item's size as item:Size reports it (and PidTagMessageSize with it). */
export const calendarItemSize = (i: CalendarItem) =>
  1024 + i.subject.length + i.body.content.length;

/** The MAPI tags a calendar item answers besides its custom extended properties. */
export const CALENDAR_TAGS = kindTags<CalendarItem>({
  itemClass: "IPM.Appointment",
  subject: { get: (i) => i.subject, set: (i, v) => i.subject = v },
  size: calendarItemSize,
  created: (i) => i.created,
  modified: (i) => i.lastModified,
  body: (i) => i.body,
  categories: { get: (i) => i.categories, set: (i, v) => i.categories = v },
  importance: { get: (i) => i.importance, set: (i, v) => i.importance = v },
  sensitivity: { get: (i) => i.sensitivity, set: (i, v) => i.sensitivity = v },
});

/** Properties in schema order. */
const PROPERTIES: KindProperty<Occurrence>[] = [
  {
    uri: "item:MimeContent",
    inDefault: false,
    getItemOnly: true,
    explicitOnly: true,
    render: (o) =>
      x(
        "t:MimeContent",
        { CharacterSet: "UTF-8" },
        toBase64(new TextEncoder().encode(renderICalendar(o.item))),
      ),
  },
  {
    uri: "item:ItemId",
    inDefault: true,
    render: (o, env) => x("t:ItemId", calendarIdAttrs(env.mailbox, o)),
  },
  folderRow((o) => o.item.folderKey),
  classRow("IPM.Appointment"),
  { uri: "item:Subject", inDefault: true, render: (o) => text("t:Subject", subjectOf(o)) },
  {
    uri: "item:Sensitivity",
    inDefault: true,
    render: (o) => text("t:Sensitivity", o.item.sensitivity),
  },
  bodyRow((o) => o.change?.body ?? o.item.body),
  {
    uri: "item:DateTimeReceived",
    inDefault: true,
    render: (o) => x("t:DateTimeReceived", null, ewsDate(o.item.created)),
  },
  {
    uri: "item:Size",
    inDefault: true,
    render: (o) => x("t:Size", null, calendarItemSize(o.item)),
  },
  categoriesRow((o) => o.item.categories),
  {
    uri: "item:Importance",
    inDefault: true,
    render: (o) => text("t:Importance", o.item.importance),
  },
  { uri: "item:IsSubmitted", inDefault: true, render: () => bool("t:IsSubmitted", false) },
  { uri: "item:IsDraft", inDefault: true, render: () => bool("t:IsDraft", false) },
  { uri: "item:IsFromMe", inDefault: true, render: () => bool("t:IsFromMe", false) },
  { uri: "item:IsResend", inDefault: true, render: () => bool("t:IsResend", false) },
  {
    uri: "item:IsUnmodified",
    inDefault: true,
    render: (o) => bool("t:IsUnmodified", o.item.version === 1),
  },
  {
    uri: "item:DateTimeSent",
    inDefault: true,
    render: (o) => x("t:DateTimeSent", null, ewsDate(o.item.created)),
  },
  {
    uri: "item:DateTimeCreated",
    inDefault: true,
    render: (o) => x("t:DateTimeCreated", null, ewsDate(o.item.created)),
  },
  {
    uri: "item:ReminderDueBy",
    inDefault: true,
    render: (o) => x("t:ReminderDueBy", null, ewsDate(o.start)),
  },
  {
    uri: "item:ReminderIsSet",
    inDefault: true,
    render: (o) => bool("t:ReminderIsSet", o.item.reminderIsSet),
  },
  {
    uri: "item:ReminderMinutesBeforeStart",
    inDefault: true,
    render: (o) => x("t:ReminderMinutesBeforeStart", null, o.item.reminderMinutes),
  },
  {
    uri: "item:DisplayCc",
    inDefault: true,
    render: (o) =>
      x(
        "t:DisplayCc",
        null,
        o.item.optional.map((a) => a.address.name ?? a.address.emailAddress).join("; "),
      ),
  },
  {
    uri: "item:DisplayTo",
    inDefault: true,
    render: (o) =>
      x(
        "t:DisplayTo",
        null,
        o.item.required.map((a) => a.address.name ?? a.address.emailAddress).join("; "),
      ),
  },
  { uri: "item:HasAttachments", inDefault: true, render: () => bool("t:HasAttachments", false) },
  extendedRow(CALENDAR_TAGS, (o) => o.item),
  { uri: "item:Culture", inDefault: true, render: () => x("t:Culture", null, "en-US") },
  {
    uri: "item:LastModifiedTime",
    inDefault: true,
    render: (o) => x("t:LastModifiedTime", null, ewsDate(o.item.lastModified)),
  },
  { uri: "calendar:UID", inDefault: true, render: (o) => x("t:UID", null, o.item.uid) },
  {
    uri: "calendar:RecurrenceId",
    inDefault: false,
    render: (o) => o.originalStart && x("t:RecurrenceId", null, ewsDate(o.originalStart)),
  },
  {
    uri: "calendar:DateTimeStamp",
    inDefault: true,
    render: (o) => x("t:DateTimeStamp", null, ewsDate(o.item.lastModified)),
  },
  { uri: "calendar:Start", inDefault: true, render: (o) => x("t:Start", null, ewsDate(o.start)) },
  { uri: "calendar:End", inDefault: true, render: (o) => x("t:End", null, ewsDate(o.end)) },
  {
    uri: "calendar:OriginalStart",
    inDefault: false,
    render: (o) => o.originalStart && x("t:OriginalStart", null, ewsDate(o.originalStart)),
  },
  {
    uri: "calendar:IsAllDayEvent",
    inDefault: true,
    render: (o) => bool("t:IsAllDayEvent", o.item.isAllDay),
  },
  {
    uri: "calendar:LegacyFreeBusyStatus",
    inDefault: true,
    render: (o) => x("t:LegacyFreeBusyStatus", null, o.item.isCancelled ? "Free" : o.item.freeBusy),
  },
  { uri: "calendar:Location", inDefault: true, render: (o) => text("t:Location", locationOf(o)) },
  {
    uri: "calendar:IsMeeting",
    inDefault: true,
    render: (o) => bool("t:IsMeeting", o.item.isMeeting),
  },
  {
    uri: "calendar:IsCancelled",
    inDefault: true,
    render: (o) => bool("t:IsCancelled", o.item.isCancelled),
  },
  {
    uri: "calendar:IsRecurring",
    inDefault: true,
    render: (o) => bool("t:IsRecurring", !!o.originalStart),
  },
  {
    uri: "calendar:MeetingRequestWasSent",
    inDefault: true,
    render: (o) => bool("t:MeetingRequestWasSent", o.item.meetingRequestWasSent),
  },
  {
    uri: "calendar:IsResponseRequested",
    inDefault: true,
    render: (o) => bool("t:IsResponseRequested", o.item.isResponseRequested),
  },
  {
    uri: "calendar:CalendarItemType",
    inDefault: true,
    render: (o) => x("t:CalendarItemType", null, calendarItemType(o)),
  },
  {
    uri: "calendar:MyResponseType",
    inDefault: true,
    render: (o) => x("t:MyResponseType", null, o.item.myResponse),
  },
  {
    uri: "calendar:Organizer",
    inDefault: true,
    render: (o) => x("t:Organizer", null, mailboxElement(o.item.organizer)),
  },
  {
    uri: "calendar:RequiredAttendees",
    inDefault: false,
    getItemOnly: true,
    render: (o) => attendees("t:RequiredAttendees", o.item.required),
  },
  {
    uri: "calendar:OptionalAttendees",
    inDefault: false,
    getItemOnly: true,
    render: (o) => attendees("t:OptionalAttendees", o.item.optional),
  },
  {
    uri: "calendar:Resources",
    inDefault: false,
    getItemOnly: true,
    render: (o) => attendees("t:Resources", o.item.resources),
  },
  {
    uri: "calendar:Duration",
    inDefault: true,
    render: (o) => x("t:Duration", null, durationText(o.end.getTime() - o.start.getTime())),
  },
  {
    uri: "calendar:TimeZone",
    inDefault: true,
    render: (o) => x("t:TimeZone", null, o.item.startTimeZone),
  },
  {
    uri: "calendar:AppointmentReplyTime",
    inDefault: false,
    render: (o) => o.item.replyTime && x("t:AppointmentReplyTime", null, ewsDate(o.item.replyTime)),
  },
  {
    uri: "calendar:AppointmentSequenceNumber",
    inDefault: true,
    render: (o) => x("t:AppointmentSequenceNumber", null, o.item.sequence),
  },
  {
    uri: "calendar:AppointmentState",
    inDefault: true,
    render: (o) =>
      x(
        "t:AppointmentState",
        null,
        (o.item.isMeeting ? 1 : 0) +
          (o.item.myResponse !== "Organizer" && o.item.isMeeting ? 2 : 0) +
          (o.item.isCancelled ? 4 : 0),
      ),
  },
  {
    uri: "calendar:Recurrence",
    inDefault: false,
    getItemOnly: true,
    render: (o) => o.item.recurrence && !o.originalStart && renderRecurrence(o.item.recurrence),
  },
  {
    uri: "calendar:DeletedOccurrences",
    inDefault: false,
    getItemOnly: true,
    render: (o) =>
      o.item.recurrence && !o.originalStart && o.item.deleted.size > 0 &&
      x(
        "t:DeletedOccurrences",
        null,
        ...[...o.item.deleted].sort().map((ms) =>
          x("t:DeletedOccurrence", null, x("t:Start", null, ewsDate(new Date(ms))))
        ),
      ),
  },
  {
    uri: "calendar:StartTimeZone",
    inDefault: false,
    render: (o) => timeZone("t:StartTimeZone", o.item.startTimeZone),
  },
  {
    uri: "calendar:EndTimeZone",
    inDefault: false,
    render: (o) => timeZone("t:EndTimeZone", o.item.endTimeZone),
  },
  {
    uri: "calendar:IsOnlineMeeting",
    inDefault: false,
    render: (o) => bool("t:IsOnlineMeeting", !!o.item.onlineMeetingUrl),
  },
  {
    uri: "calendar:StartTimeZoneId",
    inDefault: false,
    render: (o) => x("t:StartTimeZoneId", null, o.item.startTimeZone),
  },
  {
    uri: "calendar:EndTimeZoneId",
    inDefault: false,
    render: (o) => x("t:EndTimeZoneId", null, o.item.endTimeZone),
  },
  {
    uri: "calendar:JoinOnlineMeetingUrl",
    inDefault: false,
    render: (o) => text("t:JoinOnlineMeetingUrl", o.item.onlineMeetingUrl),
  },
  {
    uri: "calendar:IsOrganizer",
    inDefault: false,
    render: (o) => bool("t:IsOrganizer", o.item.myResponse === "Organizer"),
  },
];

export type CalendarShape = KindShape<Occurrence>;

/** Parses an item shape for calendar items (FindItem refuses GetItem-only properties). */
export function parseCalendarShape(
  element: XmlElement | undefined,
  forFind: boolean,
): CalendarShape {
  return parseKindShape(PROPERTIES, element, forFind);
}

export function renderCalendarItem(
  occurrence: Occurrence,
  shape: CalendarShape,
  mailbox: Mailbox,
): XmlNode {
  return renderKind("t:CalendarItem", occurrence, shape, mailbox);
}

/** A calendar item's property by FieldURI, for restrictions and sort orders. */
export function readCalendarProperty(o: Occurrence, uri: string): PropertyValue {
  if (uri.startsWith("extended:")) return readExtended(CALENDAR_TAGS, o.item, uri);
  return CALENDAR_VALUES[uri]?.(o);
}

const CALENDAR_VALUES: Record<string, (o: Occurrence) => PropertyValue> = {
  "item:Subject": subjectOf,
  "item:Categories": (o) => o.item.categories,
  "item:Importance": (o) => o.item.importance,
  "item:DateTimeCreated": (o) => o.item.created,
  "item:LastModifiedTime": (o) => o.item.lastModified,
  "calendar:Start": (o) => o.start,
  "calendar:End": (o) => o.end,
  "calendar:Location": locationOf,
  "calendar:IsAllDayEvent": (o) => o.item.isAllDay,
  "calendar:IsRecurring": (o) => !!o.originalStart,
  "calendar:UID": (o) => o.item.uid,
};

// ---- reading what clients send -------------------------------------------------------------

const ADDRESS = /^[^\s@]+@[^\s@]+$/;

function readAttendees(element: XmlElement | undefined, path: string): Attendee[] {
  return findAll(element, `${path}/t:Attendee`).map((a) => {
    const email = find(a, "t:Mailbox/t:EmailAddress")?.text.trim() ?? "";
    if (!ADDRESS.test(email)) {
      throw new EwsError(
        "ErrorInvalidRecipients",
        `The recipient "${email}" isn't a valid SMTP address.`,
      );
    }
    const address: EmailAddress = {
      name: find(a, "t:Mailbox/t:Name")?.text || undefined,
      emailAddress: email,
      routingType: "SMTP",
    };
    return { address, response: "Unknown" };
  });
}

function readDate(element: XmlElement | undefined, name: string): Date | undefined {
  const value = element && find(element, name)?.text.trim();
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new EwsError("ErrorInvalidRequest", `Invalid ${name}.`);
  return date;
}

function day(value: string | undefined): DayName {
  const d = (value ?? "").trim();
  if (!(DAY_NAMES as readonly string[]).includes(d)) {
    throw new EwsError("ErrorCalendarInvalidRecurrence", `Unsupported day "${d}".`);
  }
  return d as DayName;
}

function weekIndex(value: string | undefined): WeekIndex {
  const d = (value ?? "").trim();
  if (!(WEEK_INDEXES as readonly string[]).includes(d)) {
    throw new EwsError("ErrorCalendarInvalidRecurrence", `Unsupported week index "${d}".`);
  }
  return d as WeekIndex;
}

/** Strips a zone designator from xs:date (`2026-03-02Z`, `2026-03-02+01:00`). */
const plainDate = (value: string | undefined) => (value ?? "").trim().slice(0, 10);

/** Reads `t:Recurrence`. */
export function readRecurrence(element: XmlElement): Recurrence {
  const [p, r] = element.children;
  if (!p || !r) {
    throw new EwsError(
      "ErrorCalendarInvalidRecurrence",
      "A recurrence needs a pattern and a range.",
    );
  }
  const n = (name: string) => Number(find(p, name)?.text ?? "1");
  const month = () => MONTHS.indexOf(find(p, "t:Month")?.text.trim() ?? "") + 1;
  let pattern: RecurrencePattern;
  switch (p.name) {
    case "DailyRecurrence":
      pattern = { kind: "Daily", interval: n("t:Interval") };
      break;
    case "WeeklyRecurrence":
      pattern = {
        kind: "Weekly",
        interval: n("t:Interval"),
        days: (find(p, "t:DaysOfWeek")?.text ?? "").trim().split(/\s+/).map(day),
        firstDayOfWeek: find(p, "t:FirstDayOfWeek")
          ? day(find(p, "t:FirstDayOfWeek")?.text)
          : "Sunday",
      };
      break;
    case "AbsoluteMonthlyRecurrence":
      pattern = {
        kind: "AbsoluteMonthly",
        interval: n("t:Interval"),
        dayOfMonth: n("t:DayOfMonth"),
      };
      break;
    case "RelativeMonthlyRecurrence":
      pattern = {
        kind: "RelativeMonthly",
        interval: n("t:Interval"),
        day: day(find(p, "t:DaysOfWeek")?.text),
        index: weekIndex(find(p, "t:DayOfWeekIndex")?.text),
      };
      break;
    case "AbsoluteYearlyRecurrence":
      pattern = { kind: "AbsoluteYearly", month: month(), dayOfMonth: n("t:DayOfMonth") };
      break;
    case "RelativeYearlyRecurrence":
      pattern = {
        kind: "RelativeYearly",
        month: month(),
        day: day(find(p, "t:DaysOfWeek")?.text),
        index: weekIndex(find(p, "t:DayOfWeekIndex")?.text),
      };
      break;
    default:
      throw new EwsError("ErrorCalendarInvalidRecurrence", `Unsupported recurrence ${p.name}.`);
  }
  if ("interval" in pattern && !(pattern.interval >= 1)) {
    throw new EwsError("ErrorCalendarInvalidRecurrence", "The interval must be at least 1.");
  }
  const startDate = plainDate(find(r, "t:StartDate")?.text);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) {
    throw new EwsError("ErrorCalendarInvalidRecurrence", "The recurrence needs a start date.");
  }
  const range: Recurrence["range"] = { startDate };
  if (r.name === "EndDateRecurrence") range.endDate = plainDate(find(r, "t:EndDate")?.text);
  if (r.name === "NumberedRecurrence") range.count = Number(find(r, "t:NumberOfOccurrences")?.text);
  return { pattern, range };
}

/** The fields a `t:CalendarItem` of CreateItem sets; those it leaves out are undefined. */
function readCalendarFields(element: XmlElement): Partial<NewCalendarItem> {
  const has = (name: string) => find(element, `t:${name}`) !== undefined;
  const body = find(element, "t:Body");
  const recurrence = find(element, "t:Recurrence");
  const reminder = find(element, "t:ReminderMinutesBeforeStart")?.text;
  const trimmed = (name: string) => find(element, `t:${name}`)?.text.trim();
  return {
    subject: find(element, "t:Subject")?.text,
    body: body
      ? { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text }
      : undefined,
    start: readDate(element, "t:Start"),
    end: readDate(element, "t:End"),
    location: find(element, "t:Location")?.text,
    isAllDay: parseBoolean(find(element, "t:IsAllDayEvent")?.text),
    freeBusy: trimmed("LegacyFreeBusyStatus") as FreeBusy | undefined,
    sensitivity: trimmed("Sensitivity") as Sensitivity | undefined,
    importance: trimmed("Importance") as Importance | undefined,
    categories: has("Categories")
      ? findAll(element, "t:Categories/t:String").map((s) => s.text)
      : undefined,
    reminderIsSet: parseBoolean(find(element, "t:ReminderIsSet")?.text),
    reminderMinutes: reminder ? Number(reminder) : undefined,
    required: has("RequiredAttendees") ? readAttendees(element, "t:RequiredAttendees") : undefined,
    optional: has("OptionalAttendees") ? readAttendees(element, "t:OptionalAttendees") : undefined,
    resources: has("Resources") ? readAttendees(element, "t:Resources") : undefined,
    startTimeZone: find(element, "t:StartTimeZone")?.attrs.Id,
    endTimeZone: find(element, "t:EndTimeZone")?.attrs.Id,
    recurrence: recurrence ? readRecurrence(recurrence) : undefined,
    isResponseRequested: parseBoolean(find(element, "t:IsResponseRequested")?.text),
  };
}

/**
 * The calendar item a `t:CalendarItem` of CreateItem describes: its elements, on top of what its
 * MIME content says when it has one (elements win, as in Exchange). Fields left out keep the
 * store's defaults.
 */
export function readCalendarItem(
  element: XmlElement,
  fallbackZone: string,
  fromMime?: NewCalendarItem & { organizer?: EmailAddress },
): NewCalendarItem & { organizer?: EmailAddress } {
  const given = Object.fromEntries(
    Object.entries(readCalendarFields(element)).filter(([, v]) => v !== undefined),
  ) as Partial<NewCalendarItem>;
  const merged = { ...fromMime, ...given };
  const { start, end } = merged;
  if (!start || !end) throw new EwsError("ErrorInvalidRequest", "Start and End are required.");
  if (end < start) {
    throw new EwsError(
      "ErrorCalendarEndDateIsEarlierThanStartDate",
      "EndDate is earlier than StartDate",
    );
  }
  const zone = merged.startTimeZone ?? fallbackZone;
  return {
    ...merged,
    subject: merged.subject ?? "",
    start,
    end,
    startTimeZone: zone,
    endTimeZone: given.endTimeZone ?? (given.startTimeZone ? zone : merged.endTimeZone ?? zone),
  };
}
