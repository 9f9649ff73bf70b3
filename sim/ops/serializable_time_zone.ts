/**
 * `t:SerializableTimeZone`, the availability service's way of naming a zone: a bias and two
 * yearly transition rules (n-th weekday of a month at a time). Availability requests give times
 * as local times in such a zone, and replies answer in it.
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { wallClock, zoneOffsetMinutes } from "../../ews/timezones.ts";
import { DAY_NAMES } from "../store/calendar.ts";

interface Transition {
  bias: number;
  /** Minutes after local midnight. */
  time: number;
  dayOrder: number;
  month: number;
  dayOfWeek: number;
}

export interface SerializableZone {
  bias: number;
  standard: Transition;
  daylight: Transition;
}

export const UTC_ZONE: SerializableZone = {
  bias: 0,
  standard: { bias: 0, time: 0, dayOrder: 0, month: 0, dayOfWeek: 0 },
  daylight: { bias: 0, time: 0, dayOrder: 0, month: 0, dayOfWeek: 0 },
};

function readTransition(element: XmlElement | undefined): Transition {
  const [h, m, s] = (find(element, "t:Time")?.text ?? "00:00:00").split(":").map(Number);
  return {
    bias: Number(find(element, "t:Bias")?.text ?? 0),
    time: (h || 0) * 60 + (m || 0) + (s || 0) / 60,
    dayOrder: Number(find(element, "t:DayOrder")?.text ?? 0),
    month: Number(find(element, "t:Month")?.text ?? 0),
    dayOfWeek: Math.max(
      0,
      DAY_NAMES.indexOf((find(element, "t:DayOfWeek")?.text.trim() ?? "Sunday") as never),
    ),
  };
}

export function readSerializableZone(element: XmlElement | undefined): SerializableZone {
  if (!element) return UTC_ZONE;
  return {
    bias: Number(find(element, "t:Bias")?.text ?? 0),
    standard: readTransition(find(element, "t:StandardTime")),
    daylight: readTransition(find(element, "t:DaylightTime")),
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

function renderTransition(name: string, t: Transition): XmlNode {
  return x(
    name,
    null,
    x("t:Bias", null, t.bias),
    x("t:Time", null, `${pad(Math.floor(t.time / 60))}:${pad(Math.floor(t.time % 60))}:00`),
    x("t:DayOrder", null, t.dayOrder),
    x("t:Month", null, t.month),
    x("t:DayOfWeek", null, DAY_NAMES[t.dayOfWeek]),
  );
}

export function renderSerializableZone(zone: SerializableZone): XmlNode {
  return x(
    "t:TimeZone",
    null,
    x("t:Bias", null, zone.bias),
    renderTransition("t:StandardTime", zone.standard),
    renderTransition("t:DaylightTime", zone.daylight),
  );
}

/** Local (pseudo-UTC) ms of a transition in a year. */
function transitionAt(year: number, t: Transition): number {
  const first = new Date(Date.UTC(year, t.month - 1, 1)).getUTCDay();
  let day = 1 + ((t.dayOfWeek - first + 7) % 7) + 7 * (Math.min(t.dayOrder, 5) - 1);
  const days = new Date(Date.UTC(year, t.month, 0)).getUTCDate();
  while (day > days) day -= 7;
  return Date.UTC(year, t.month - 1, day) + t.time * 60_000;
}

/** Bias (minutes to add to local time for UTC) in effect at a local time. */
function biasAt(zone: SerializableZone, localMs: number): number {
  if (zone.standard.month === 0 || zone.daylight.month === 0) return zone.bias + zone.standard.bias;
  const year = new Date(localMs).getUTCFullYear();
  const dst = transitionAt(year, zone.daylight);
  const std = transitionAt(year, zone.standard);
  const inDst = dst < std ? localMs >= dst && localMs < std : localMs >= dst || localMs < std;
  return zone.bias + (inDst ? zone.daylight.bias : zone.standard.bias);
}

/** A local `xs:dateTime` of the zone (an offset or Z in the text wins) → instant. */
export function localToUtc(zone: SerializableZone, text: string): Date {
  const t = text.trim();
  if (/(Z|[+-]\d{2}:\d{2})$/.test(t)) return new Date(t);
  const local = new Date(`${t}Z`).getTime();
  return new Date(local + biasAt(zone, local) * 60_000);
}

/** An instant → local `xs:dateTime` without offset, as the availability service writes it. */
export function utcToLocal(zone: SerializableZone, instant: Date): string {
  let local = instant.getTime() - biasAt(zone, instant.getTime()) * 60_000;
  local = instant.getTime() - biasAt(zone, local) * 60_000;
  return new Date(local).toISOString().slice(0, 19);
}

/** The serializable form of an IANA zone for a year (its DST rules found by scanning). */
export function serializableFromIana(iana: string, year: number): SerializableZone {
  const jan = zoneOffsetMinutes(new Date(Date.UTC(year, 0, 1)), iana);
  const jul = zoneOffsetMinutes(new Date(Date.UTC(year, 6, 1)), iana);
  const standardOffset = Math.min(jan, jul);
  if (jan === jul) return { ...UTC_ZONE, bias: -standardOffset };
  const transitions: { to: number; local: ReturnType<typeof wallClock> }[] = [];
  let previous = jan;
  for (let hour = 0; hour < 366 * 24; hour++) {
    const at = new Date(Date.UTC(year, 0, 1) + hour * 3_600_000);
    const offset = zoneOffsetMinutes(at, iana);
    if (offset !== previous) {
      // Local time of the transition, in the offset in force before it.
      const before = new Date(at.getTime() + previous * 60_000);
      transitions.push({
        to: offset,
        local: {
          year: before.getUTCFullYear(),
          month: before.getUTCMonth() + 1,
          day: before.getUTCDate(),
          hour: before.getUTCHours(),
          minute: before.getUTCMinutes(),
          second: 0,
          weekday: before.getUTCDay(),
        },
      });
      previous = offset;
    }
  }
  const rule = (to: number): Transition => {
    const t = transitions.find((tr) => tr.to === to)!;
    const days = new Date(Date.UTC(t.local.year, t.local.month, 0)).getUTCDate();
    return {
      bias: -(to - standardOffset),
      time: t.local.hour * 60 + t.local.minute,
      dayOrder: t.local.day + 7 > days ? 5 : Math.ceil(t.local.day / 7),
      month: t.local.month,
      dayOfWeek: t.local.weekday,
    };
  };
  const daylightOffset = Math.max(jan, jul);
  return { bias: -standardOffset, standard: rule(standardOffset), daylight: rule(daylightOffset) };
}
