/**
 * Times in calendar tools: inputs are ISO 8601 with an offset, or local date-times (and dates for
 * all-day events) in `time_zone`, else the configured TIMEZONE, else UTC. Results give each time
 * in UTC and in that zone.
 */
import { z } from "zod";
import type { EwsClient } from "../../ews/client.ts";
import { EwsError } from "../../ews/errors.ts";
import {
  formatInZone,
  ianaTimeZone,
  parseDateInput,
  parseTimeInput,
  windowsIdOrUtc,
  zonedToUtc,
} from "../../ews/timezones.ts";

/** IANA zone for local times in and out; default TIMEZONE, else UTC. */
export const timeZoneArg = z.string().trim().max(64).optional();

/** ISO 8601 with an offset, or a local date-time (or date) in time_zone. */
export const timeInput = z.string().trim().max(40);

export interface Zone {
  iana: string;
  windows: string;
}

const invalid = (message: string) => new EwsError(message, { kind: "invalid_input" });

export function zoneFor(timeZone: string | undefined, client: EwsClient): Zone {
  try {
    const iana = ianaTimeZone(timeZone ?? client.timeZone);
    return { iana, windows: windowsIdOrUtc(iana) };
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

export function parseTime(value: string, zone: Zone): Date {
  try {
    return parseTimeInput(value, zone.iana);
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

/** Midnight starting a date (YYYY-MM-DD) in the zone; `plusDays` moves it. */
export function parseDay(value: string, zone: Zone, plusDays = 0): Date {
  try {
    const d = parseDateInput(value);
    return zonedToUtc({ ...d, day: d.day + plusDays }, zone.iana);
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

/** `{ start, start_utc }`-style pair: local time with offset, and UTC. */
export function timePair<K extends string>(key: K, date: Date, zone: Zone) {
  return {
    [key]: formatInZone(date, zone.iana),
    [`${key}_utc`]: date.toISOString().replace(/\.000Z$/, "Z"),
  } as Record<K | `${K}_utc`, string>;
}

export const timeOutput = {
  start: z.string(),
  start_utc: z.string(),
  end: z.string(),
  end_utc: z.string(),
};
