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
import { CONTACTS } from "./contacts.ts";
import type { OperationContext } from "./context.ts";
import type { FolderTarget } from "./targets.ts";
import { TASKS } from "./tasks.ts";

export function getOtherItem(
  id: XmlElement,
  shape: XmlElement | undefined,
  context: OperationContext,
): XmlNode[] | undefined {
  if (isCalendarItemId(id)) return getCalendarItem(id, shape, context);
  for (const kind of [CONTACTS, TASKS]) if (kind.isId(id)) return kind.get(id, shape, context);
  return undefined;
}

export function findOtherItems(
  request: XmlElement,
  target: FolderTarget,
  view: XmlElement | undefined,
): XmlNode[] | undefined {
  if (target.folder.kind === "CalendarFolder") return findCalendarItems(request, target, view);
  if (target.folder.kind === "ContactsFolder") return CONTACTS.find(request, target, view);
  if (target.folder.kind === "TasksFolder") return TASKS.find(request, target, view);
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
  if (element.name === "Contact") return CONTACTS.create(element, savedFolder, context);
  if (element.name === "Task") return TASKS.create(element, savedFolder, context);
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
  for (const kind of [CONTACTS, TASKS]) {
    if (kind.isId(id)) return kind.update(change, request, context);
  }
  return undefined;
}

/** Deletes a non-message item; false when the id is a message's. */
export function deleteOtherItem(
  id: XmlElement,
  request: XmlElement,
  context: OperationContext,
): boolean {
  if (isCalendarItemId(id)) deleteCalendarItem(id, request, context);
  else if (CONTACTS.isId(id)) CONTACTS.delete(id, request.attrs.DeleteType, context);
  else if (TASKS.isId(id)) TASKS.delete(id, request.attrs.DeleteType, context);
  else return false;
  return true;
}
