/**
 * Tasks through the item operations: `t:Task` in the schema's element order, CreateItem,
 * UpdateItem (status, percentage and completion kept consistent as Exchange does), DeleteItem,
 * and FindItem in tasks folders.
 */
import { find, findAll, x, type XmlElement } from "../../ews/xml/mod.ts";
import {
  addTask,
  completeOccurrence,
  moveTask,
  type NewTask,
  type TaskItem,
  taskItems,
  type TaskStatus,
} from "../store/tasks.ts";
import type { Importance } from "../store/types.ts";
import { EwsError } from "./errors.ts";
import { kindTags } from "./extended_fields.ts";
import {
  dateRow,
  extendedRow,
  type KindProperty,
  kindReader,
  leadingRows,
  storedFacts,
  textRow,
} from "./item_kind.ts";
import { kindOperations } from "./item_kind_ops.ts";
import { parseBoolean } from "./response.ts";
import { readTaskRecurrence, renderTaskRecurrence } from "./task_recurrence.ts";

/** The MAPI tags a task answers besides its custom extended properties. */
const TASK_TAGS = kindTags<TaskItem>({
  itemClass: "IPM.Task",
  subject: { get: (t) => t.subject, set: (t, v) => t.subject = v },
  ...storedFacts((t) => t.subject),
  importance: { get: (t) => t.importance, set: (t, v) => t.importance = v },
});

const bool = (uri: string, get: (t: TaskItem) => boolean): KindProperty<TaskItem> => ({
  uri,
  inDefault: true,
  render: (t) => x(`t:${uri.split(":")[1]}`, null, String(get(t))),
  value: get,
});

const PROPERTIES: KindProperty<TaskItem>[] = [
  ...leadingRows<TaskItem>("IPM.Task", (t) => t.subject),
  textRow("item:Importance", (t) => t.importance),
  dateRow("item:DateTimeCreated", (t) => t.created),
  dateRow("item:ReminderDueBy", (t) => t.reminderDueBy),
  bool("item:ReminderIsSet", (t) => t.reminderIsSet),
  extendedRow(TASK_TAGS, (t) => t),
  dateRow("item:LastModifiedTime", (t) => t.lastModified),
  dateRow("task:CompleteDate", (t) => t.completeDate),
  dateRow("task:DueDate", (t) => t.dueDate),
  bool("task:IsComplete", (t) => t.status === "Completed"),
  bool("task:IsRecurring", (t) => !!t.recurrence),
  {
    uri: "task:PercentComplete",
    inDefault: true,
    render: (t) => x("t:PercentComplete", null, t.percentComplete),
    value: (t) => t.percentComplete,
  },
  {
    uri: "task:Recurrence",
    inDefault: false,
    getItemOnly: true,
    render: (t) => t.recurrence && renderTaskRecurrence(t.recurrence),
  },
  dateRow("task:StartDate", (t) => t.startDate),
  textRow("task:Status", (t) => t.status),
];

export const readTaskProperty = kindReader(PROPERTIES, TASK_TAGS);

const STATUSES: TaskStatus[] = [
  "NotStarted",
  "InProgress",
  "Completed",
  "WaitingOnOthers",
  "Deferred",
];

function dateOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value.trim());
  if (Number.isNaN(d.getTime())) throw new EwsError("ErrorInvalidRequest", "Invalid date.");
  return d;
}

function status(value: string): TaskStatus {
  const s = value.trim() as TaskStatus;
  if (!STATUSES.includes(s)) {
    throw new EwsError("ErrorInvalidRequest", `Invalid task status ${value}.`);
  }
  return s;
}

/** Exchange keeps status, percentage and completion date consistent. */
function normalise(t: TaskItem, now: Date): void {
  if (t.percentComplete < 0 || t.percentComplete > 100) {
    throw new EwsError(
      "ErrorInvalidPercentCompleteValue",
      "PercentComplete must be between 0 and 100.",
    );
  }
  if (t.status === "Completed" || t.percentComplete === 100) {
    t.status = "Completed";
    t.percentComplete = 100;
    t.completeDate ??= now;
  } else {
    t.completeDate = undefined;
    if (t.status === "NotStarted" && t.percentComplete > 0) t.status = "InProgress";
  }
}

function readTask(element: XmlElement): NewTask {
  const body = find(element, "t:Body");
  const recurrence = find(element, "t:Recurrence");
  const percent = find(element, "t:PercentComplete")?.text;
  return {
    subject: find(element, "t:Subject")?.text ?? "",
    body: body
      ? { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text }
      : undefined,
    importance: find(element, "t:Importance")?.text.trim() as Importance | undefined,
    categories: findAll(element, "t:Categories/t:String").map((s) => s.text),
    reminderIsSet: parseBoolean(find(element, "t:ReminderIsSet")?.text),
    reminderDueBy: dateOf(find(element, "t:ReminderDueBy")?.text),
    completeDate: dateOf(find(element, "t:CompleteDate")?.text),
    dueDate: dateOf(find(element, "t:DueDate")?.text),
    percentComplete: percent !== undefined ? Number(percent) : undefined,
    recurrence: recurrence ? readTaskRecurrence(recurrence) : undefined,
    startDate: dateOf(find(element, "t:StartDate")?.text),
    status: find(element, "t:Status") ? status(find(element, "t:Status")!.text) : undefined,
  };
}

type Setter = (t: TaskItem, v: XmlElement | undefined) => void;
const child = (v: XmlElement | undefined, name: string) => v && find(v, `t:${name}`)?.text;

const SETTERS: Record<string, Setter> = {
  "item:Subject": (t, v) => t.subject = child(v, "Subject") ?? "",
  "item:Body": (t, v) => {
    const body = v && find(v, "t:Body");
    t.body = body
      ? { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text }
      : { type: "Text", content: "" };
  },
  "item:Importance": (t, v) =>
    t.importance = (child(v, "Importance")?.trim() as Importance) ?? "Normal",
  "item:Categories": (t, v) =>
    t.categories = v ? findAll(v, "t:Categories/t:String").map((s) => s.text) : [],
  "item:ReminderIsSet": (t, v) =>
    t.reminderIsSet = parseBoolean(child(v, "ReminderIsSet")) ?? false,
  "item:ReminderDueBy": (t, v) => t.reminderDueBy = dateOf(child(v, "ReminderDueBy")),
  "task:DueDate": (t, v) => t.dueDate = dateOf(child(v, "DueDate")),
  "task:StartDate": (t, v) => t.startDate = dateOf(child(v, "StartDate")),
  "task:CompleteDate": (t, v) => t.completeDate = dateOf(child(v, "CompleteDate")),
  "task:Status": (t, v) => t.status = v ? status(child(v, "Status") ?? "") : "NotStarted",
  "task:PercentComplete": (t, v) => t.percentComplete = Number(child(v, "PercentComplete") ?? 0),
  "task:Recurrence": (t, v) => {
    const r = v && find(v, "t:Recurrence");
    t.recurrence = r ? readTaskRecurrence(r) : undefined;
  },
};

function applyTaskChange(t: TaskItem, update: XmlElement): void {
  const uri = update.children[0]?.attrs.FieldURI ?? "";
  const value = update.name === "DeleteItemField" ? undefined : update.children[1];
  if (value && !["Task", "Item"].includes(value.name)) {
    throw new EwsError(
      "ErrorInvalidPropertySet",
      `A ${value.name} element cannot set a property of a Task.`,
    );
  }
  const setter = SETTERS[uri];
  if (!setter || update.name === "AppendToItemField") {
    throw new EwsError(
      "ErrorInvalidPropertySet",
      `The property ${uri} cannot be changed this way on a Task.`,
    );
  }
  setter(t, value);
}

/** The item operations on tasks. */
export const TASKS = kindOperations<TaskItem, NewTask>({
  element: "Task",
  keyPrefix: "tsk",
  table: PROPERTIES,
  tags: TASK_TAGS,
  read: readTaskProperty,
  store: { items: taskItems, add: addTask, move: moveTask },
  create: {
    defaultFolder: "tasks",
    folderKind: "TasksFolder",
    refusal: "Tasks can only be saved in tasks folders.",
    // The request's zone is the one a recurring task's next dates are counted in.
    read: (element, context) => ({ ...readTask(element), timeZoneId: context.timeZoneId }),
    check: normalise,
  },
  apply: applyTaskChange,
  finish(draft, item, { now, mailbox, context }) {
    // Reopening a task (status or percentage below done) clears its completion date.
    if (
      draft.status !== "Completed" && draft.percentComplete === 100 &&
      item.percentComplete === 100
    ) {
      draft.percentComplete = 0;
    }
    normalise(draft, now);
    // Completing a recurring task keeps a completed copy and moves the task on; the reply
    // names the copy (the one-off completed occurrence), as Exchange's does.
    return item.status !== "Completed" && draft.status === "Completed"
      ? completeOccurrence(mailbox, draft, context.timeZoneId ?? "UTC", now)
      : undefined;
  },
  find: { sort: { uri: "task:DueDate", descending: false } },
});
