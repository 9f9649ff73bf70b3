/** Tasks: FindItem (filtered by status and due date), CreateItem, UpdateItem, DeleteItem. */
import type { Recurrence } from "../calendar_types.ts";
import type { EwsClient } from "../client.ts";
import { EwsError } from "../errors.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { singleResponse } from "../soap/reply.ts";
import { find, findAll, textOf, x, type XmlElement, type XmlNode } from "../xml/mod.ts";
import { recurrenceXml } from "./calendar.ts";
import { resolveFolder } from "./folders.ts";
import { fieldUri, findItemPage, readItemPage } from "./item_page.ts";
import { createItemIn, updateOneItem } from "./one_item.ts";

export type TaskStatus = "NotStarted" | "InProgress" | "Completed" | "WaitingOnOthers" | "Deferred";

export interface Task {
  id: string;
  subject: string;
  status: TaskStatus;
  percentComplete: number;
  startDate?: Date;
  dueDate?: Date;
  completeDate?: Date;
  importance?: string;
  categories: string[];
  isRecurring: boolean;
  reminderDueBy?: Date;
  body?: string;
}

const FIELDS = [
  "item:Subject",
  "item:Importance",
  "item:Categories",
  "item:ReminderIsSet",
  "item:ReminderDueBy",
  "task:Status",
  "task:PercentComplete",
  "task:StartDate",
  "task:DueDate",
  "task:CompleteDate",
  "task:IsRecurring",
];

const ewsTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const dateOf = (text: string | undefined) => (text ? new Date(text) : undefined);

function readTask(item: XmlElement): Task {
  return {
    id: find(item, "t:ItemId")?.attrs.Id ?? "",
    subject: textOf(item, "t:Subject") ?? "",
    status: (textOf(item, "t:Status") ?? "NotStarted") as TaskStatus,
    percentComplete: Number(textOf(item, "t:PercentComplete") ?? 0),
    startDate: dateOf(textOf(item, "t:StartDate")),
    dueDate: dateOf(textOf(item, "t:DueDate")),
    completeDate: dateOf(textOf(item, "t:CompleteDate")),
    importance: textOf(item, "t:Importance"),
    categories: findAll(item, "t:Categories/t:String").map((s) => s.text),
    isRecurring: textOf(item, "t:IsRecurring") === "true",
    reminderDueBy: textOf(item, "t:ReminderIsSet") === "true"
      ? dateOf(textOf(item, "t:ReminderDueBy"))
      : undefined,
    body: textOf(item, "t:Body") || undefined,
  };
}

const constant = (op: string, uri: string, value: string) =>
  x(
    `t:${op}`,
    null,
    x("t:FieldURI", { FieldURI: uri }),
    x("t:FieldURIOrConstant", null, x("t:Constant", { Value: value })),
  );

export interface TaskQuery {
  folder: string;
  statuses?: TaskStatus[];
  includeCompleted: boolean;
  dueFrom?: Date;
  dueTo?: Date;
  offset: number;
  maxResults: number;
  withBody: boolean;
}

/** A page of tasks, soonest due first, in one FindItem. */
export async function findTasks(
  client: EwsClient,
  ctx: MailboxContext,
  q: TaskQuery,
): Promise<{ tasks: Task[]; total: number; nextOffset?: number }> {
  const folder = await resolveFolder(client, ctx, q.folder);
  const conditions: XmlNode[] = [];
  if (q.statuses?.length) {
    conditions.push(
      q.statuses.length === 1
        ? constant("IsEqualTo", "task:Status", q.statuses[0])
        : x("t:Or", null, q.statuses.map((s) => constant("IsEqualTo", "task:Status", s))),
    );
  } else if (!q.includeCompleted) {
    conditions.push(constant("IsEqualTo", "task:IsComplete", "false"));
  }
  if (q.dueFrom) {
    conditions.push(constant("IsGreaterThanOrEqualTo", "task:DueDate", ewsTime(q.dueFrom)));
  }
  if (q.dueTo) conditions.push(constant("IsLessThan", "task:DueDate", ewsTime(q.dueTo)));
  const reply = await client.call(
    findItemPage({
      properties: FIELDS.map(fieldUri),
      maxResults: q.maxResults,
      offset: q.offset,
      restriction: conditions.length > 0 &&
        (conditions.length === 1 ? conditions[0] : x("t:And", null, conditions)),
      sort: { by: fieldUri("task:DueDate") },
      folders: folder,
    }),
    ctx.target,
    { idempotent: true },
  );
  const page = readItemPage(reply, ctx.mailbox, q.offset, readTask);
  return { tasks: page.items, total: page.total, nextOffset: page.nextOffset };
}

export interface TaskFields {
  subject?: string;
  body?: string | null;
  importance?: "Low" | "Normal" | "High";
  categories?: string[];
  startDate?: Date | null;
  dueDate?: Date | null;
  reminder?: Date | null;
  status?: TaskStatus;
  percentComplete?: number;
  recurrence?: Recurrence | null;
}

/** `t:Task` content in schema order. */
function taskXml(t: TaskFields): XmlNode[] {
  return [
    t.subject !== undefined && x("t:Subject", null, t.subject),
    t.body && x("t:Body", { BodyType: "Text" }, t.body),
    t.categories?.length &&
    x("t:Categories", null, t.categories.map((c) => x("t:String", null, c))),
    t.importance && x("t:Importance", null, t.importance),
    t.reminder && x("t:ReminderDueBy", null, ewsTime(t.reminder)),
    t.reminder && x("t:ReminderIsSet", null, "true"),
    t.dueDate && x("t:DueDate", null, ewsTime(t.dueDate)),
    t.percentComplete !== undefined && x("t:PercentComplete", null, t.percentComplete),
    t.recurrence && recurrenceXml(t.recurrence),
    t.startDate && x("t:StartDate", null, ewsTime(t.startDate)),
    t.status && x("t:Status", null, t.status),
  ].filter((n): n is XmlNode => !!n && typeof n === "object");
}

/** Creates a task; `timeZoneId` is the Windows zone its days were given in. */
export function createTask(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  task: TaskFields,
  timeZoneId?: string,
): Promise<{ id: string }> {
  return createItemIn(client, ctx, folder, "Task", taskXml(task), { timeZoneId });
}

/** One task by id, in one GetItem. */
export async function getTask(client: EwsClient, ctx: MailboxContext, id: string): Promise<Task> {
  const reply = await client.call(
    x(
      "m:GetItem",
      null,
      x(
        "m:ItemShape",
        null,
        x("t:BaseShape", null, "IdOnly"),
        x("t:AdditionalProperties", null, FIELDS.map((uri) => x("t:FieldURI", { FieldURI: uri }))),
      ),
      x("m:ItemIds", null, x("t:ItemId", { Id: id })),
    ),
    ctx.target,
    { idempotent: true },
  );
  const item = find(singleResponse(reply, ctx.mailbox).element, "m:Items")?.children[0];
  if (!item) throw new EwsError("Exchange returned no task", { kind: "server" });
  return readTask(item);
}

export interface TaskUpdate {
  id: string;
  /** Completing a recurring task: the completed copy of the occurrence Exchange kept. */
  completedId?: string;
  /** ...and the task itself, moved on to its next occurrence. */
  next?: Task;
}

/**
 * Changes the given fields (null clears one) in one UpdateItem. Completing a recurring task
 * makes Exchange keep a completed copy of the occurrence (the id its reply names) and move the
 * task on to its next occurrence, which one GetItem then reads; completing the last occurrence
 * of a series just completes the task.
 */
export async function updateTask(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  t: TaskFields,
  timeZoneId?: string,
): Promise<TaskUpdate> {
  const updates: XmlNode[] = [];
  const field = (uri: string, value: XmlNode | null | undefined) => {
    if (value === undefined) return;
    const path = x("t:FieldURI", { FieldURI: uri });
    updates.push(
      value === null
        ? x("t:DeleteItemField", null, path)
        : x("t:SetItemField", null, path, x("t:Task", null, value)),
    );
  };
  const orNull = <T>(v: T | null | undefined, make: (v: T) => XmlNode) =>
    v === undefined ? undefined : v === null ? null : make(v);
  field("item:Subject", orNull(t.subject, (v) => x("t:Subject", null, v)));
  field("item:Body", orNull(t.body, (v) => x("t:Body", { BodyType: "Text" }, v)));
  field("item:Importance", orNull(t.importance, (v) => x("t:Importance", null, v)));
  field(
    "item:Categories",
    orNull(t.categories, (v) => x("t:Categories", null, v.map((c) => x("t:String", null, c)))),
  );
  if (t.reminder !== undefined) {
    field("item:ReminderIsSet", x("t:ReminderIsSet", null, String(t.reminder !== null)));
    if (t.reminder) field("item:ReminderDueBy", x("t:ReminderDueBy", null, ewsTime(t.reminder)));
  }
  field("task:DueDate", orNull(t.dueDate, (v) => x("t:DueDate", null, ewsTime(v))));
  field("task:StartDate", orNull(t.startDate, (v) => x("t:StartDate", null, ewsTime(v))));
  field("task:Status", orNull(t.status, (v) => x("t:Status", null, v)));
  field("task:PercentComplete", orNull(t.percentComplete, (v) => x("t:PercentComplete", null, v)));
  field("task:Recurrence", orNull(t.recurrence, (v) => recurrenceXml(v)));
  // Completing a recurring task twice would complete two occurrences: never retried.
  const completes = t.status === "Completed" || t.percentComplete === 100;
  const result = await updateOneItem(client, ctx, id, updates, {
    timeZoneId,
    idempotent: !completes,
  });
  if (result.id === id) return { id };
  return { id, completedId: result.id, next: await getTask(client, ctx, id) };
}
