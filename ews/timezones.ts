/**
 * Time zones. EWS names zones by Windows ids ("W. Europe Standard Time"); people and the tools'
 * inputs use IANA names ("Europe/Berlin"). The mapping is CLDR's windowsZones data, generated
 * into `timezones_data.ts`; local times are computed with the runtime's IANA database (Intl).
 */
import { IANA_TO_WINDOWS, WINDOWS_TO_IANA } from "./timezones_data.ts";

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The Windows time zone id for a zone (IANA name or Windows id), or undefined when the zone is
 * valid but Windows has no equivalent; throws for a zone nobody knows.
 */
export function windowsTimeZoneId(zone: string): string | undefined {
  if (zone in WINDOWS_TO_IANA) return zone;
  if (zone in IANA_TO_WINDOWS) return IANA_TO_WINDOWS[zone];
  if (!isIanaZone(zone)) {
    throw new Error(`unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`);
  }
  return undefined;
}

/** The IANA name for a zone given as IANA name or Windows id; throws for an unknown zone. */
export function ianaTimeZone(zone: string): string {
  const iana = WINDOWS_TO_IANA[zone] ?? zone;
  if (!isIanaZone(iana)) {
    throw new Error(`unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`);
  }
  return iana;
}

/** The Windows id for an IANA zone, falling back to UTC for the rare zone Windows lacks. */
export function windowsIdOrUtc(iana: string): string {
  return windowsTimeZoneId(iana) ?? "UTC";
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a zone. */
export function wallClock(instant: Date, zone: string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
} {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(zone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday),
  };
}

/** Offset of a zone from UTC at an instant, in minutes (positive east of Greenwich). */
export function zoneOffsetMinutes(instant: Date, zone: string): number {
  const w = wallClock(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time in a zone stands for. A time skipped by a DST jump is moved
 * forward by the jump; an ambiguous time takes the earlier instant (as Windows does).
 */
export function zonedToUtc(
  local: {
    year: number;
    month: number;
    day: number;
    hour?: number;
    minute?: number;
    second?: number;
  },
  zone: string,
): Date {
  const guess = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour ?? 0,
    local.minute ?? 0,
    local.second ?? 0,
  );
  const first = guess - zoneOffsetMinutes(new Date(guess), zone) * 60_000;
  const second = guess - zoneOffsetMinutes(new Date(first), zone) * 60_000;
  const shows = (t: number) => t + zoneOffsetMinutes(new Date(t), zone) * 60_000 === guess;
  const valid = [first, second].filter(shows);
  // Two readings: the earlier one; none (skipped hour): the later one, i.e. after the jump.
  return new Date(valid.length > 0 ? Math.min(...valid) : Math.max(first, second));
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** An instant as ISO 8601 local time with the zone's offset, e.g. 2026-03-30T09:00:00+02:00. */
export function formatInZone(instant: Date, zone: string): string {
  const w = wallClock(instant, zone);
  const offset = zoneOffsetMinutes(instant, zone);
  const sign = offset < 0 ? "-" : "+";
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:` +
    `${pad(w.second)}${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${
      pad(Math.abs(offset) % 60)
    }`;
}

/** The calendar date of an instant in a zone, YYYY-MM-DD. */
export function dateInZone(instant: Date, zone: string): string {
  const w = wallClock(instant, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

const WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * Reads a time input: ISO 8601 with an offset (`2026-03-30T09:00:00+02:00`, `…Z`) is absolute;
 * a local date-time (`2026-03-30T09:00`) or a date is taken in `zone`. Throws a plain message
 * for anything else.
 */
export function parseTimeInput(value: string, zone: string): Date {
  const text = value.trim();
  if (WITH_OFFSET.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  const m = LOCAL.exec(text);
  if (m) {
    const local = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    };
    const check = new Date(Date.UTC(local.year, local.month - 1, local.day));
    if (
      check.getUTCMonth() === local.month - 1 && check.getUTCDate() === local.day &&
      local.hour < 24 && local.minute < 60 && local.second < 60
    ) {
      return zonedToUtc(local, zone);
    }
  }
  throw new Error(
    `"${value}" is not a valid time: use ISO 8601 with an offset (2026-03-30T09:00:00+02:00) ` +
      `or a local date-time (2026-03-30T09:00) with time_zone`,
  );
}

/** Reads a date (YYYY-MM-DD) for all-day events; throws a plain message otherwise. */
export function parseDateInput(value: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const check = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!m || !check || check.getUTCDate() !== Number(m[3])) {
    throw new Error(`"${value}" is not a date: use YYYY-MM-DD for all-day events`);
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}
