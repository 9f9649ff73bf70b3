/** Task inputs and outputs shared by the task tools. */
import { z } from "zod";
import type { Task, TaskFields, TaskUpdate } from "../../ews/ops/tasks.ts";
import { dateInZone } from "../../ews/timezones.ts";
import { parseRrule } from "../calendar/rrule.ts";
import { parseDay, parseTime, timeInput, type Zone } from "../calendar/time.ts";

export const STATUSES = [
  "NotStarted",
  "InProgress",
  "Completed",
  "WaitingOnOthers",
  "Deferred",
] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

/** Editable task fields (dates are days in time_zone). */
export const taskFields = {
  subject: z.string().max(255),
  body: z.string().max(1_000_000),
  start_date: day,
  due_date: day,
  reminder: timeInput,
  importance: z.enum(["Low", "Normal", "High"]),
  categories: z.array(z.string().max(255)).max(50),
  status: z.enum(STATUSES),
  percent_complete: z.number().int().min(0).max(100),
  recurrence: z.string().trim().min(9).max(200).describe("RRULE, from start_date or due_date."),
};

type Input = { [K in keyof typeof taskFields]?: z.infer<(typeof taskFields)[K]> | null };

/** Tool fields → the operation's fields; null (update) clears. */
export function toTaskFields(f: Input, zone: Zone): TaskFields {
  const when = <T>(v: T | null | undefined, make: (v: T) => unknown) =>
    v === undefined ? undefined : v === null ? null : make(v);
  const anchor = f.start_date ?? f.due_date;
  return {
    subject: f.subject ?? undefined,
    body: f.body,
    importance: f.importance ?? undefined,
    categories: f.categories === null ? [] : f.categories,
    startDate: when(f.start_date, (v) => parseDay(v, zone)) as Date | null | undefined,
    dueDate: when(f.due_date, (v) => parseDay(v, zone)) as Date | null | undefined,
    reminder: when(f.reminder, (v) => parseTime(v, zone)) as Date | null | undefined,
    status: f.status ?? undefined,
    percentComplete: f.percent_complete ?? undefined,
    recurrence: when(
      f.recurrence,
      (v) => parseRrule(v, anchor ?? dateInZone(new Date(), zone.iana)),
    ) as TaskFields["recurrence"],
  };
}

export const taskOutput = z.object({
  id: z.string(),
  subject: z.string(),
  status: z.string(),
  percent_complete: z.number().optional(),
  start_date: z.string().optional(),
  due_date: z.string().optional(),
  completed_date: z.string().optional(),
  reminder: z.string().optional(),
  importance: z.string().optional(),
  categories: z.array(z.string()).optional(),
  is_recurring: z.boolean().optional(),
  is_overdue: z.boolean().optional(),
});

export function taskResult(t: Task, zone: Zone, now = new Date()): z.infer<typeof taskOutput> {
  const day = (d: Date | undefined) => d && dateInZone(d, zone.iana);
  return {
    id: t.id,
    subject: t.subject,
    status: t.status,
    ...(t.percentComplete > 0 && t.percentComplete < 100
      ? { percent_complete: t.percentComplete }
      : {}),
    ...(t.startDate ? { start_date: day(t.startDate) } : {}),
    ...(t.dueDate ? { due_date: day(t.dueDate) } : {}),
    ...(t.completeDate ? { completed_date: day(t.completeDate) } : {}),
    ...(t.reminderDueBy ? { reminder: t.reminderDueBy.toISOString() } : {}),
    ...(t.importance && t.importance !== "Normal" ? { importance: t.importance } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    ...(t.isRecurring ? { is_recurring: true } : {}),
    ...(t.status !== "Completed" && t.dueDate &&
        day(t.dueDate)! < dateInZone(now, zone.iana)
      ? { is_overdue: true }
      : {}),
  };
}

/** What completing a recurring task did: the done occurrence kept as a copy, the next one. */
export const occurrenceOutput = {
  completed_id: z.string().optional(),
  next_start_date: z.string().optional(),
  next_due_date: z.string().optional(),
};

export function occurrenceResult(u: TaskUpdate, zone: Zone) {
  const day = (d: Date | undefined) => d && dateInZone(d, zone.iana);
  return {
    ...(u.completedId ? { completed_id: u.completedId } : {}),
    ...(u.next?.startDate ? { next_start_date: day(u.next.startDate) } : {}),
    ...(u.next?.dueDate ? { next_due_date: day(u.next.dueDate) } : {}),
  };
}
