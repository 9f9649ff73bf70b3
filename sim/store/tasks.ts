/** Tasks of a mailbox, kept beside its messages under keys of their own (`tsk1`, …). */
import type { Recurrence } from "./calendar.ts";
import type { Mailbox } from "./mailbox.ts";
import type { Importance, MessageBody } from "./types.ts";
import type { StoredExtendedProperty } from "./extended_properties.ts";

export type TaskStatus = "NotStarted" | "InProgress" | "Completed" | "WaitingOnOthers" | "Deferred";

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
  recurrence?: Recurrence;
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
