/**
 * Tasks through the item operations: `t:Task` in the schema's element order, CreateItem,
 * UpdateItem (status, percentage and completion kept consistent as Exchange does), DeleteItem,
 * and FindItem in tasks folders.
 */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { decodeId, encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
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
import { convertBody } from "./body.ts";
import type { OperationContext } from "./context.ts";
import { type ItemRight, requireItemAccess } from "./item_access.ts";
import { EwsError } from "./errors.ts";
import type { BodyTypeRequest, PropertyValue } from "./item_properties.ts";
import { applyView } from "./paging.ts";
import { compileRestriction, compileSortOrder } from "./restriction.ts";
import { ewsDate, parseBoolean } from "./response.ts";
import { folderIdAttrs, type FolderTarget, resolveFolder } from "./targets.ts";
import { readTaskRecurrence, renderTaskRecurrence } from "./task_recurrence.ts";

export function taskIdAttrs(mailbox: Mailbox, item: TaskItem) {
  return {
    Id: encodeId("item", mailbox.address, item.key),
    ChangeKey: encodeChangeKey(item.key, item.version),
  };
}

interface Env {
  mailbox: Mailbox;
  bodyType: BodyTypeRequest;
}

interface TaskProperty {
  uri: string;
  inDefault: boolean;
  getItemOnly?: boolean;
  render: (t: TaskItem, env: Env) => XmlNode | undefined | false;
  value?: (t: TaskItem) => PropertyValue;
}

const date = (name: string, d: Date | undefined) => d && x(name, null, ewsDate(d));

const PROPERTIES: TaskProperty[] = [
  {
    uri: "item:ItemId",
    inDefault: true,
    render: (t, env) => x("t:ItemId", taskIdAttrs(env.mailbox, t)),
  },
  {
    uri: "item:ParentFolderId",
    inDefault: true,
    render: (t, env) =>
      x("t:ParentFolderId", folderIdAttrs(env.mailbox, env.mailbox.folder(t.folderKey)!)),
  },
  { uri: "item:ItemClass", inDefault: true, render: () => x("t:ItemClass", null, "IPM.Task") },
  {
    uri: "item:Subject",
    inDefault: true,
    render: (t) => x("t:Subject", null, t.subject),
    value: (t) => t.subject,
  },
  {
    uri: "item:Body",
    inDefault: true,
    getItemOnly: true,
    render: (t, env) => {
      const body = convertBody(t.body, env.bodyType);
      return x("t:Body", { BodyType: body.type, IsTruncated: "false" }, body.content);
    },
  },
  {
    uri: "item:DateTimeReceived",
    inDefault: true,
    render: (t) => date("t:DateTimeReceived", t.created),
  },
  {
    uri: "item:Categories",
    inDefault: true,
    render: (t) =>
      t.categories.length > 0 &&
      x("t:Categories", null, ...t.categories.map((c) => x("t:String", null, c))),
  },
  {
    uri: "item:Importance",
    inDefault: true,
    render: (t) => x("t:Importance", null, t.importance),
    value: (t) => t.importance,
  },
  {
    uri: "item:DateTimeCreated",
    inDefault: true,
    render: (t) => date("t:DateTimeCreated", t.created),
  },
  {
    uri: "item:ReminderDueBy",
    inDefault: true,
    render: (t) => date("t:ReminderDueBy", t.reminderDueBy),
  },
  {
    uri: "item:ReminderIsSet",
    inDefault: true,
    render: (t) => x("t:ReminderIsSet", null, String(t.reminderIsSet)),
  },
  {
    uri: "item:LastModifiedTime",
    inDefault: true,
    render: (t) => date("t:LastModifiedTime", t.lastModified),
  },
  {
    uri: "task:CompleteDate",
    inDefault: true,
    render: (t) => date("t:CompleteDate", t.completeDate),
    value: (t) => t.completeDate,
  },
  {
    uri: "task:DueDate",
    inDefault: true,
    render: (t) => date("t:DueDate", t.dueDate),
    value: (t) => t.dueDate,
  },
  {
    uri: "task:IsComplete",
    inDefault: true,
    render: (t) => x("t:IsComplete", null, String(t.status === "Completed")),
    value: (t) => t.status === "Completed",
  },
  {
    uri: "task:IsRecurring",
    inDefault: true,
    render: (t) => x("t:IsRecurring", null, String(!!t.recurrence)),
    value: (t) => !!t.recurrence,
  },
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
  {
    uri: "task:StartDate",
    inDefault: true,
    render: (t) => date("t:StartDate", t.startDate),
    value: (t) => t.startDate,
  },
  {
    uri: "task:Status",
    inDefault: true,
    render: (t) => x("t:Status", null, t.status),
    value: (t) => t.status,
  },
];

const BY_URI = new Map(PROPERTIES.map((p) => [p.uri, p]));

export function readTaskProperty(t: TaskItem, uri: string): PropertyValue {
  return BY_URI.get(uri)?.value?.(t);
}

function parseShape(element: XmlElement | undefined, forFind: boolean) {
  const base = find(element, "t:BaseShape")?.text.trim() ?? "IdOnly";
  const bodyType = (find(element, "t:BodyType")?.text.trim() ?? "Best") as BodyTypeRequest;
  const wanted = new Set(["item:ItemId"]);
  for (const p of PROPERTIES) {
    if (base === "IdOnly" || (forFind && p.getItemOnly)) continue;
    if (base === "AllProperties" || p.inDefault) wanted.add(p.uri);
  }
  for (const child of find(element, "t:AdditionalProperties")?.children ?? []) {
    const uri = child.attrs.FieldURI ?? "";
    const p = BY_URI.get(uri);
    if (p?.getItemOnly && forFind) {
      throw new EwsError("ErrorInvalidPropertyRequest", undefined, [
        x("t:FieldURI", { FieldURI: uri }),
      ]);
    }
    if (p) wanted.add(uri);
  }
  return { bodyType, properties: PROPERTIES.filter((p) => wanted.has(p.uri)) };
}

function renderTask(t: TaskItem, shape: ReturnType<typeof parseShape>, mailbox: Mailbox): XmlNode {
  const env = { mailbox, bodyType: shape.bodyType };
  return x("t:Task", null, ...shape.properties.map((p) => p.render(t, env)));
}

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

export function isTaskId(element: XmlElement): boolean {
  return element.name === "ItemId" &&
    (decodeId(element.attrs.Id ?? "", "item")?.key.startsWith("tsk") ?? false);
}

function resolveTask(
  element: XmlElement,
  context: OperationContext,
  right: ItemRight = "read",
) {
  const decoded = decodeId(element.attrs.Id ?? "", "item");
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorItemNotFound");
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  const item = taskItems(mailbox).get(decoded.key);
  if (!item) throw new EwsError("ErrorItemNotFound");
  requireItemAccess(context, mailbox, item.folderKey, right);
  return { mailbox, item };
}

export function getTask(id: XmlElement, shape: XmlElement | undefined, context: OperationContext) {
  const { mailbox, item } = resolveTask(id, context);
  return [x("m:Items", null, renderTask(item, parseShape(shape, false), mailbox))];
}

export function findTasks(request: XmlElement, target: FolderTarget, view: XmlElement | undefined) {
  const shape = parseShape(find(request, "m:ItemShape"), true);
  const restriction = compileRestriction<TaskItem>(
    find(request, "m:Restriction"),
    readTaskProperty,
  );
  const items = [...taskItems(target.mailbox).values()].filter((t) =>
    t.folderKey === target.folder.key && restriction(t)
  );
  items.sort(compileSortOrder<TaskItem>(find(request, "m:SortOrder"), readTaskProperty, {
    uri: "task:DueDate",
    descending: false,
  }));
  const page = applyView(items, view);
  return [
    x(
      "m:RootFolder",
      page.rootFolderAttrs,
      x("t:Items", null, ...page.entries.map((t) => renderTask(t, shape, target.mailbox))),
    ),
  ];
}

export function createTask(
  element: XmlElement,
  savedFolder: XmlElement | undefined,
  context: OperationContext,
) {
  const target: FolderTarget = savedFolder
    ? resolveFolder(savedFolder, context)
    : { mailbox: context.actingAs, folder: context.actingAs.folder("tasks")! };
  if (target.folder.kind !== "TasksFolder") {
    throw new EwsError("ErrorInvalidRequest", "Tasks can only be saved in tasks folders.");
  }
  const now = context.organisation.now();
  requireItemAccess(context, target.mailbox, target.folder.key, "create");
  const item = addTask(target.mailbox, target.folder.key, {
    ...readTask(element),
    timeZoneId: context.timeZoneId,
  }, now);
  try {
    normalise(item, now);
  } catch (error) {
    taskItems(target.mailbox).delete(item.key);
    throw error;
  }
  return [x("m:Items", null, x("t:Task", null, x("t:ItemId", taskIdAttrs(target.mailbox, item))))];
}

export function updateTask(change: XmlElement, request: XmlElement, context: OperationContext) {
  const idElement = change.children[0];
  const { mailbox, item } = resolveTask(idElement, context, "edit");
  const changeKey = idElement.attrs.ChangeKey;
  if (
    changeKey !== undefined && request.attrs.ConflictResolution !== "AlwaysOverwrite" &&
    changeKey !== taskIdAttrs(mailbox, item).ChangeKey
  ) {
    throw new EwsError(
      "ErrorIrresolvableConflict",
      "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
    );
  }
  const draft = structuredClone(item);
  for (const update of find(change, "t:Updates")?.children ?? []) {
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
    setter(draft, value);
  }
  const now = context.organisation.now();
  // Reopening a task (status or percentage below done) clears its completion date.
  if (
    draft.status !== "Completed" && draft.percentComplete === 100 && item.percentComplete === 100
  ) {
    draft.percentComplete = 0;
  }
  normalise(draft, now);
  // Completing a recurring task keeps a completed copy and moves the task on; the reply
  // names the copy (the one-off completed occurrence), as Exchange's does.
  const completed = item.status !== "Completed" && draft.status === "Completed"
    ? completeOccurrence(mailbox, draft, context.timeZoneId ?? "UTC", now)
    : undefined;
  Object.assign(item, draft);
  item.version++;
  item.lastModified = now;
  return [
    x("m:Items", null, x("t:Task", null, x("t:ItemId", taskIdAttrs(mailbox, completed ?? item)))),
    x("m:ConflictResults", null, x("t:Count", null, "0")),
  ];
}

export function deleteTask(
  id: XmlElement,
  deleteType: string | undefined,
  context: OperationContext,
): void {
  const { mailbox, item } = resolveTask(id, context, "delete");
  if (deleteType === "MoveToDeletedItems" && item.folderKey !== "deleteditems") {
    moveTask(mailbox, item, "deleteditems");
  } else {
    taskItems(mailbox).delete(item.key);
  }
}
