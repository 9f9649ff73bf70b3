/**
 * Calendar items of a mailbox: appointments and meetings, single or recurring, with modified
 * and deleted occurrences. Kept beside the message store (one map per mailbox) under keys of
 * their own (`cal1`, …), so item ids route to them without touching the message code.
 * Recurrences are expanded in the series' start time zone: a weekly 09:00 meeting stays at
 * 09:00 local time on both sides of a daylight-saving change.
 */
import { ianaTimeZone, wallClock, zonedToUtc } from "../../ews/timezones.ts";
import type { Mailbox } from "./mailbox.ts";
import type { EmailAddress, Importance, MessageBody, Sensitivity } from "./types.ts";
import type { StoredExtendedProperty } from "./extended_properties.ts";

export type ResponseType =
  | "Unknown"
  | "Organizer"
  | "Tentative"
  | "Accept"
  | "Decline"
  | "NoResponseReceived";
export type FreeBusy = "Free" | "Tentative" | "Busy" | "OOF" | "WorkingElsewhere" | "NoData";

export interface Attendee {
  address: EmailAddress;
  response: ResponseType;
  lastResponseTime?: Date;
}

export const DAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;
export type DayName = (typeof DAY_NAMES)[number];
export const WEEK_INDEXES = ["First", "Second", "Third", "Fourth", "Last"] as const;
export type WeekIndex = (typeof WEEK_INDEXES)[number];

export type RecurrencePattern =
  | { kind: "Daily"; interval: number }
  | { kind: "Weekly"; interval: number; days: DayName[]; firstDayOfWeek: DayName }
  | { kind: "AbsoluteMonthly"; interval: number; dayOfMonth: number }
  | { kind: "RelativeMonthly"; interval: number; day: DayName; index: WeekIndex }
  | { kind: "AbsoluteYearly"; month: number; dayOfMonth: number }
  | { kind: "RelativeYearly"; month: number; day: DayName; index: WeekIndex };

export interface RecurrenceRange {
  /** First day of the series, YYYY-MM-DD in the start time zone. */
  startDate: string;
  endDate?: string;
  count?: number;
}

export interface Recurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

/** What a modified occurrence changes. */
export interface OccurrenceChange {
  start?: Date;
  end?: Date;
  subject?: string;
  location?: string;
  body?: MessageBody;
  version: number;
}

export interface CalendarItem {
  kind: "calendar";
  key: string;
  folderKey: string;
  version: number;
  subject: string;
  body: MessageBody;
  location?: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  freeBusy: FreeBusy;
  sensitivity: Sensitivity;
  importance: Importance;
  categories: string[];
  reminderIsSet: boolean;
  reminderMinutes: number;
  organizer: EmailAddress;
  required: Attendee[];
  optional: Attendee[];
  resources: Attendee[];
  isMeeting: boolean;
  isCancelled: boolean;
  myResponse: ResponseType;
  /** Windows time zone id the times were set in. */
  startTimeZone: string;
  endTimeZone: string;
  recurrence?: Recurrence;
  /** Original start (ms) → changes of that occurrence. */
  exceptions: Map<number, OccurrenceChange>;
  /** Original starts (ms) of deleted occurrences. */
  deleted: Set<number>;
  uid: string;
  sequence: number;
  meetingRequestWasSent: boolean;
  isResponseRequested: boolean;
  onlineMeetingUrl?: string;
  created: Date;
  lastModified: Date;
  replyTime?: Date;
  /** Custom extended (MAPI) properties clients set. */
  extendedProperties?: Record<string, StoredExtendedProperty>;
}

/** One instance of an item in a calendar view. */
export interface Occurrence {
  item: CalendarItem;
  start: Date;
  end: Date;
  /** Set for occurrences of a series: their original start, the occurrence's identity. */
  originalStart?: Date;
  /** 1-based position in the series. */
  index?: number;
  change?: OccurrenceChange;
}

const stores = new WeakMap<Mailbox, { items: Map<string, CalendarItem>; next: number }>();

function storeOf(mailbox: Mailbox) {
  let store = stores.get(mailbox);
  if (!store) stores.set(mailbox, store = { items: new Map(), next: 1 });
  return store;
}

/** The calendar items of a mailbox, by key. */
export function calendarItems(mailbox: Mailbox): Map<string, CalendarItem> {
  return storeOf(mailbox).items;
}

export type NewCalendarItem =
  & Partial<Omit<CalendarItem, "kind" | "key" | "version" | "folderKey">>
  & Pick<CalendarItem, "subject" | "start" | "end">;

export function addCalendarItem(
  mailbox: Mailbox,
  folderKey: string,
  input: NewCalendarItem,
  now: Date = new Date(),
): CalendarItem {
  const store = storeOf(mailbox);
  const key = `cal${store.next++}`;
  const item: CalendarItem = {
    kind: "calendar",
    key,
    folderKey,
    version: 1,
    body: { type: "Text", content: "" },
    isAllDay: false,
    freeBusy: "Busy",
    sensitivity: "Normal",
    importance: "Normal",
    categories: [],
    reminderIsSet: true,
    reminderMinutes: 15,
    organizer: mailbox.emailAddress,
    required: [],
    optional: [],
    resources: [],
    isMeeting: false,
    isCancelled: false,
    myResponse: "Organizer",
    startTimeZone: "UTC",
    endTimeZone: "UTC",
    exceptions: new Map(),
    deleted: new Set(),
    uid: crypto.randomUUID().replaceAll("-", "").toUpperCase(),
    sequence: 0,
    meetingRequestWasSent: false,
    isResponseRequested: true,
    created: now,
    lastModified: now,
    // Fields a client left out keep their defaults.
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    subject: input.subject,
    start: input.start,
    end: input.end,
  };
  store.items.set(key, item);
  return item;
}

/** Every attendee of an item, required first. */
export function attendeesOf(item: CalendarItem): Attendee[] {
  return [...item.required, ...item.optional, ...item.resources];
}

const DAY_MS = 86_400_000;

/** Days since the epoch of a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

function civil(day: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(day * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day of month of the n-th (or last) given weekday in a month. */
function nthWeekday(year: number, month: number, weekday: number, index: WeekIndex): number {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const firstMatch = 1 + ((weekday - first + 7) % 7);
  if (index !== "Last") return firstMatch + 7 * WEEK_INDEXES.indexOf(index);
  let last = firstMatch;
  while (last + 7 <= daysInMonth(year, month)) last += 7;
  return last;
}

/** Whether a day (days since epoch) is one of the pattern's days, given the series' first day. */
function patternHas(pattern: RecurrencePattern, day: number, first: number): boolean {
  const c = civil(day);
  const f = civil(first);
  const months = (c.year - f.year) * 12 + (c.month - f.month);
  switch (pattern.kind) {
    case "Daily":
      return (day - first) % pattern.interval === 0;
    case "Weekly": {
      if (!pattern.days.includes(DAY_NAMES[c.weekday])) return false;
      const weekStart = DAY_NAMES.indexOf(pattern.firstDayOfWeek);
      const startOfWeek = (d: number) => d - ((civil(d).weekday - weekStart + 7) % 7);
      const weeks = Math.round((startOfWeek(day) - startOfWeek(first)) / 7);
      return weeks % pattern.interval === 0;
    }
    case "AbsoluteMonthly":
      return months % pattern.interval === 0 &&
        c.day === Math.min(pattern.dayOfMonth, daysInMonth(c.year, c.month));
    case "RelativeMonthly":
      return months % pattern.interval === 0 &&
        c.day === nthWeekday(c.year, c.month, DAY_NAMES.indexOf(pattern.day), pattern.index);
    case "AbsoluteYearly":
      return c.month === pattern.month &&
        c.day === Math.min(pattern.dayOfMonth, daysInMonth(c.year, c.month));
    case "RelativeYearly":
      return c.month === pattern.month &&
        c.day === nthWeekday(c.year, c.month, DAY_NAMES.indexOf(pattern.day), pattern.index);
  }
}

/** Longest series walked, as a guard against a never-ending series and a huge window. */
const MAX_DAYS = 366 * 10;

/**
 * Original starts of a series' occurrences up to `until`, in order, each with its 1-based index.
 * The wall-clock start time is kept in the series' zone, so DST moves the UTC time instead.
 */
export function seriesStarts(item: CalendarItem, until: Date): { start: Date; index: number }[] {
  const recurrence = item.recurrence;
  if (!recurrence) return [];
  const zone = ianaTimeZone(item.startTimeZone);
  const local = item.isAllDay ? { hour: 0, minute: 0, second: 0 } : wallClock(item.start, zone);
  const first = dayNumber(recurrence.range.startDate);
  const last = recurrence.range.endDate ? dayNumber(recurrence.range.endDate) : Infinity;
  const out: { start: Date; index: number }[] = [];
  for (let day = first, index = 0; day <= last && day - first < MAX_DAYS; day++) {
    if (!patternHas(recurrence.pattern, day, first)) continue;
    index++;
    if (recurrence.range.count !== undefined && index > recurrence.range.count) break;
    const c = civil(day);
    const start = item.isAllDay
      ? zonedToUtc({ year: c.year, month: c.month, day: c.day }, zone)
      : zonedToUtc({ ...c, hour: local.hour, minute: local.minute, second: local.second }, zone);
    if (start > until) break;
    out.push({ start, index });
  }
  return out;
}

/** The instances of an item overlapping [from, to): the item itself, or its occurrences. */
export function occurrencesBetween(item: CalendarItem, from: Date, to: Date): Occurrence[] {
  const overlaps = (s: Date, e: Date) =>
    s < to && (e > from || (s.getTime() === e.getTime() && s >= from));
  if (!item.recurrence) {
    return overlaps(item.start, item.end) ? [{ item, start: item.start, end: item.end }] : [];
  }
  const duration = item.end.getTime() - item.start.getTime();
  const out: Occurrence[] = [];
  // An exception may have moved an occurrence into the window from further out.
  const horizon = new Date(to.getTime() + 366 * DAY_MS);
  for (const { start: original, index } of seriesStarts(item, horizon)) {
    if (item.deleted.has(original.getTime())) continue;
    const change = item.exceptions.get(original.getTime());
    const start = change?.start ?? original;
    const end = change?.end ?? new Date(original.getTime() + duration);
    if (overlaps(start, end)) {
      out.push({ item, start, end, originalStart: original, index, change });
    }
  }
  return out;
}

/** The occurrence of a series with this original start, if the series has one there. */
export function occurrenceAt(item: CalendarItem, originalStart: number): Occurrence | undefined {
  if (!item.recurrence || item.deleted.has(originalStart)) return undefined;
  const found = seriesStarts(item, new Date(originalStart)).find((s) =>
    s.start.getTime() === originalStart
  );
  if (!found) return undefined;
  const change = item.exceptions.get(originalStart);
  const duration = item.end.getTime() - item.start.getTime();
  return {
    item,
    start: change?.start ?? found.start,
    end: change?.end ?? new Date(originalStart + duration),
    originalStart: found.start,
    index: found.index,
    change,
  };
}

/** The n-th (1-based) occurrence of a series. */
export function occurrenceByIndex(item: CalendarItem, index: number): Occurrence | undefined {
  if (!item.recurrence || index < 1) return undefined;
  const starts = seriesStarts(item, new Date(8.64e15));
  const found = starts.find((s) => s.index === index);
  return found && occurrenceAt(item, found.start.getTime());
}

/** Marks a calendar item as changed. */
export function touchCalendarItem(item: CalendarItem, now: Date): void {
  item.version++;
  item.lastModified = now;
}

/**
 * The first day of a recurrence after `after` (YYYY-MM-DD) that its range still holds, with its
 * 1-based position in the series; undefined once the range is used up.
 */
export function nextRecurrenceDay(
  recurrence: Recurrence,
  after: string,
): { date: string; index: number } | undefined {
  const first = dayNumber(recurrence.range.startDate);
  const last = recurrence.range.endDate ? dayNumber(recurrence.range.endDate) : Infinity;
  const from = dayNumber(after);
  const stop = Math.max(first, from) + MAX_DAYS;
  for (let day = first, index = 0; day <= last && day < stop; day++) {
    if (!patternHas(recurrence.pattern, day, first)) continue;
    index++;
    if (recurrence.range.count !== undefined && index > recurrence.range.count) return undefined;
    if (day > from) return { date: new Date(day * DAY_MS).toISOString().slice(0, 10), index };
  }
  return undefined;
}
