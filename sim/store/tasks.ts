/**
 * Tasks of a mailbox, kept beside its messages under keys of their own (`tsk1`, …), and what
 * completing an occurrence of a recurring task does.
 */
import { dateInZone, ianaTimeZone, wallClock, zonedToUtc } from "../../ews/timezones.ts";
import { nextRecurrenceDay, type Recurrence, type RecurrenceRange } from "./calendar.ts";
import type { Mailbox } from "./mailbox.ts";
import type { Importance, MessageBody } from "./types.ts";
import type { StoredExtendedProperty } from "./extended_properties.ts";

export type TaskStatus = "NotStarted" | "InProgress" | "Completed" | "WaitingOnOthers" | "Deferred";

export type RegenerationUnit = "Daily" | "Weekly" | "Monthly" | "Yearly";

/** A regenerating pattern: the next occurrence is due `interval` units after one is completed. */
export interface RegeneratingRecurrence {
  pattern: { kind: "Regeneration"; unit: RegenerationUnit; interval: number };
  range: RecurrenceRange;
}

/** Tasks recur like calendar items (due dates on a pattern), or regenerate on completion. */
export type TaskRecurrence = Recurrence | RegeneratingRecurrence;

export function isRegenerating(r: TaskRecurrence): r is RegeneratingRecurrence {
  return r.pattern.kind === "Regeneration";
}

export interface TaskItem {
  kind: "task";
  key: string;
  folderKey: string;
  version: number;
  subject: string;
  body: MessageBody;
  status: TaskStatus;
  percentComplete: number;
  startDate?: Date;
  dueDate?: Date;
  completeDate?: Date;
  importance: Importance;
  categories: string[];
  reminderIsSet: boolean;
  reminderDueBy?: Date;
  recurrence?: TaskRecurrence;
  /** Windows zone the task's days were given in (its dates are midnights there). */
  timeZoneId?: string;
  /** Occurrences of a regenerating series completed so far (a numbered range ends by it). */
  regenerated?: number;
  created: Date;
  lastModified: Date;
  /** Custom extended (MAPI) properties clients set. */
  extendedProperties?: Record<string, StoredExtendedProperty>;
}

const stores = new WeakMap<Mailbox, { items: Map<string, TaskItem>; next: number }>();

function storeOf(mailbox: Mailbox) {
  let store = stores.get(mailbox);
  if (!store) stores.set(mailbox, store = { items: new Map(), next: 1 });
  return store;
}

export function taskItems(mailbox: Mailbox): Map<string, TaskItem> {
  return storeOf(mailbox).items;
}

export type NewTask =
  & Partial<Omit<TaskItem, "kind" | "key" | "version" | "folderKey">>
  & Pick<TaskItem, "subject">;

export function addTask(
  mailbox: Mailbox,
  folderKey: string,
  input: NewTask,
  now: Date = new Date(),
): TaskItem {
  const store = storeOf(mailbox);
  const item: TaskItem = {
    kind: "task",
    key: `tsk${store.next++}`,
    folderKey,
    version: 1,
    body: { type: "Text", content: "" },
    status: "NotStarted",
    percentComplete: 0,
    importance: "Normal",
    categories: [],
    reminderIsSet: false,
    created: now,
    lastModified: now,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    subject: input.subject,
  };
  store.items.set(item.key, item);
  return item;
}

/** Moves a task to another folder; like Exchange, the moved item gets a new id. */
export function moveTask(mailbox: Mailbox, item: TaskItem, folderKey: string): TaskItem {
  const store = storeOf(mailbox);
  store.items.delete(item.key);
  const moved = { ...item, key: `tsk${store.next++}`, folderKey, version: 1 };
  store.items.set(moved.key, moved);
  return moved;
}

const DAY_MS = 86_400_000;

/** The day after `day` (YYYY-MM-DD) by `interval` units; month ends are clamped (31 → 30). */
function addUnits(day: string, unit: RegenerationUnit, interval: number): string {
  const [y, m, d] = day.split("-").map(Number);
  if (unit === "Daily" || unit === "Weekly") {
    const days = unit === "Daily" ? interval : interval * 7;
    return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
  }
  const months = unit === "Monthly" ? interval : interval * 12;
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The day of the occurrence after `current`, or undefined when the series ends. */
function nextDay(task: TaskItem, recurrence: TaskRecurrence, current: string, done: string) {
  if (!isRegenerating(recurrence)) return nextRecurrenceDay(recurrence, current)?.date;
  const { unit, interval } = recurrence.pattern;
  const next = addUnits(done, unit, interval);
  const range = recurrence.range;
  if (range.endDate && next > range.endDate) return undefined;
  if (range.count !== undefined && (task.regenerated ?? 0) + 2 > range.count) return undefined;
  return next;
}

/** An instant moved to another day at the same wall-clock time in a zone. */
function onDay(instant: Date, from: string, to: string, zone: string): Date {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
  const w = wallClock(instant, zone);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day) + days * DAY_MS);
  return zonedToUtc({
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
    hour: w.hour,
    minute: w.minute,
    second: w.second,
  }, zone);
}

/**
 * Completing the current occurrence of a recurring task, as Exchange does: a one-off completed
 * copy of the occurrence is kept beside it, and the task itself moves on to its next occurrence
 * (start, due and reminder moved by the same days; a regenerating pattern counts from the
 * completion day). Returns the copy, or undefined when the series has no further occurrence:
 * the task is then the completed last one. `task` holds the completed state when called.
 */
export function completeOccurrence(
  mailbox: Mailbox,
  task: TaskItem,
  zoneId: string,
  now: Date,
): TaskItem | undefined {
  const recurrence = task.recurrence;
  if (!recurrence) return undefined;
  const zone = ianaTimeZone(task.timeZoneId ?? zoneId);
  const anchor = task.dueDate ?? task.startDate;
  const current = anchor ? dateInZone(anchor, zone) : recurrence.range.startDate;
  const next = nextDay(task, recurrence, current, dateInZone(task.completeDate ?? now, zone));
  if (!next) return undefined;
  const { kind: _k, key: _key, version: _v, folderKey, recurrence: _r, ...fields } = task;
  const { created: _c, lastModified: _m, ...kept } = fields;
  const copy = addTask(mailbox, folderKey, {
    ...structuredClone(kept),
    reminderIsSet: false,
    regenerated: undefined,
  }, now);
  const move = (d: Date | undefined) => d && onDay(d, current, next, zone);
  if (anchor) {
    task.startDate = move(task.startDate);
    task.dueDate = move(task.dueDate);
  } else {
    const [year, month, day] = next.split("-").map(Number);
    task.dueDate = zonedToUtc({ year, month, day }, zone);
  }
  task.reminderDueBy = move(task.reminderDueBy);
  task.status = "NotStarted";
  task.percentComplete = 0;
  task.completeDate = undefined;
  if (isRegenerating(recurrence)) task.regenerated = (task.regenerated ?? 0) + 1;
  return copy;
}
