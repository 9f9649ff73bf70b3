/**
 * Item kinds beside messages: calendar items, contacts and tasks live in their own stores and
 * answer the item operations through these hooks. Each hook returns undefined (or false) when
 * the id, folder or element is a message's, and the operation goes on with its message code.
 */
import type { XmlElement, XmlNode } from "../../ews/xml/mod.ts";
import {
  createCalendarItem,
  createResponseObject,
  findCalendarItems,
  getCalendarItem,
  isCalendarItemId,
  RESPONSE_OBJECTS,
} from "./calendar.ts";
import type { CalendarMime } from "./calendar_mime.ts";
import { deleteCalendarItem, updateCalendarItem } from "./calendar_update.ts";
import {
  createContact,
  deleteContact,
  findContacts,
  getContact,
  isContactId,
  updateContact,
} from "./contacts.ts";
import type { OperationContext } from "./context.ts";
import type { FolderTarget } from "./targets.ts";
import { createTask, deleteTask, findTasks, getTask, isTaskId, updateTask } from "./tasks.ts";

export function getOtherItem(
  id: XmlElement,
  shape: XmlElement | undefined,
  context: OperationContext,
): XmlNode[] | undefined {
  if (isCalendarItemId(id)) return getCalendarItem(id, shape, context);
  if (isContactId(id)) return getContact(id, shape, context);
  if (isTaskId(id)) return getTask(id, shape, context);
  return undefined;
}

export function findOtherItems(
  request: XmlElement,
  target: FolderTarget,
  view: XmlElement | undefined,
): XmlNode[] | undefined {
  if (target.folder.kind === "CalendarFolder") return findCalendarItems(request, target, view);
  if (target.folder.kind === "ContactsFolder") return findContacts(request, target, view);
  if (target.folder.kind === "TasksFolder") return findTasks(request, target, view);
  return undefined;
}

export function createOtherItem(
  element: XmlElement,
  request: XmlElement,
  savedFolder: XmlElement | undefined,
  context: OperationContext,
  calendarMime?: CalendarMime,
): XmlNode[] | undefined {
  if (element.name === "CalendarItem") {
    return createCalendarItem(element, request, savedFolder, context, calendarMime);
  }
  if (RESPONSE_OBJECTS.has(element.name)) return createResponseObject(element, request, context);
  if (element.name === "Contact") return createContact(element, savedFolder, context);
  if (element.name === "Task") return createTask(element, savedFolder, context);
  return undefined;
}

export function updateOtherItem(
  change: XmlElement,
  request: XmlElement,
  context: OperationContext,
): XmlNode[] | undefined {
  const id = change.children[0];
  if (!id) return undefined;
  if (isCalendarItemId(id)) return updateCalendarItem(change, request, context);
  if (isContactId(id)) return updateContact(change, request, context);
  if (isTaskId(id)) return updateTask(change, request, context);
  return undefined;
}

/** Deletes a non-message item; false when the id is a message's. */
export function deleteOtherItem(
  id: XmlElement,
  request: XmlElement,
  context: OperationContext,
): boolean {
  if (isCalendarItemId(id)) deleteCalendarItem(id, request, context);
  else if (isContactId(id)) deleteContact(id, request.attrs.DeleteType, context);
  else if (isTaskId(id)) deleteTask(id, request.attrs.DeleteType, context);
  else return false;
  return true;
}
