/** Calendar inputs and outputs shared by several tools. */
import { z } from "zod";
import type { CalendarEvent } from "../../ews/calendar_types.ts";
import { emailAddress } from "../shapes.ts";
import { timeOutput, timePair, type Zone } from "./time.ts";

export const DAYS = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

export const address = z.email({
  error: (issue) => `Not a valid email address: ${String(issue.input)}`,
});

export const eventId = z.string().trim().min(1).max(1024);

/** For a recurring event: this occurrence only, or the whole series. */
export const scope = z.enum(["occurrence", "series"]).default("occurrence");

/** An iCalendar RRULE (see rrule.ts). */
export const recurrence = z.string().trim().min(9).max(200);

export const eventSummary = z.object({
  id: z.string(),
  subject: z.string(),
  ...timeOutput,
  is_all_day: z.boolean().optional(),
  location: z.string().optional(),
  organizer: emailAddress.optional(),
  show_as: z.string().optional(),
  type: z.string().optional(),
  is_meeting: z.boolean().optional(),
  is_cancelled: z.boolean().optional(),
  my_response: z.string().optional(),
  categories: z.array(z.string()).optional(),
  sensitivity: z.string().optional(),
});

export function summarizeEvent(e: CalendarEvent, zone: Zone): z.infer<typeof eventSummary> {
  return {
    id: e.id,
    subject: e.subject,
    ...timePair("start", e.start, zone),
    ...timePair("end", e.end, zone),
    ...(e.isAllDay ? { is_all_day: true } : {}),
    ...(e.location ? { location: e.location } : {}),
    ...(e.organizer ? { organizer: e.organizer } : {}),
    ...(e.showAs ? { show_as: e.showAs } : {}),
    ...(e.type ? { type: e.type } : {}),
    ...(e.isMeeting ? { is_meeting: true } : {}),
    ...(e.isCancelled ? { is_cancelled: true } : {}),
    ...(e.isMeeting && e.myResponse ? { my_response: e.myResponse } : {}),
    ...(e.categories.length ? { categories: e.categories } : {}),
    ...(e.sensitivity && e.sensitivity !== "Normal" ? { sensitivity: e.sensitivity } : {}),
  };
}

/** Bodies that start with a tag are HTML. */
export function isHtml(body: string | undefined): boolean {
  return body !== undefined && /^\s*</.test(body);
}
