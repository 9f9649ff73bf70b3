/**
 * Each mailbox's working hours and time zone (Outlook's calendar options), which availability
 * replies report and meeting suggestions respect. Default: Monday to Friday 08:00–17:00 UTC.
 */
import type { DayName } from "./calendar.ts";
import type { Mailbox } from "./mailbox.ts";

export interface WorkingHours {
  /** IANA zone the hours are meant in. */
  timeZone: string;
  days: DayName[];
  startMinutes: number;
  endMinutes: number;
}

const hours = new WeakMap<Mailbox, WorkingHours>();

export function workingHoursOf(mailbox: Mailbox): WorkingHours {
  return hours.get(mailbox) ?? {
    timeZone: "UTC",
    days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    startMinutes: 8 * 60,
    endMinutes: 17 * 60,
  };
}

export function setWorkingHours(mailbox: Mailbox, value: Partial<WorkingHours>): void {
  hours.set(mailbox, { ...workingHoursOf(mailbox), ...value });
}
