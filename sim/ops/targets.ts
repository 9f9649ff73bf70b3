/**
 * Resolving the folders and items a request names, with the permission checks Exchange applies.
 * Resolving checks the least an operation needs (a folder must be visible to the user, an item's
 * folder readable); operations that write ask `requireFolderRight` for more. The user is whoever
 * the request acts as (the impersonated user, else the caller); their own mailbox grants all.
 */
import { find, type XmlElement } from "../../ews/xml/mod.ts";
import { decodeId, encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { allows, type FolderRight, type FolderRights } from "../store/permissions.ts";
import type { Folder, MessageItem } from "../store/types.ts";
import type { OperationContext } from "./context.ts";
import { EwsError } from "./errors.ts";

export interface FolderTarget {
  mailbox: Mailbox;
  folder: Folder;
}

export interface ItemTarget {
  mailbox: Mailbox;
  item: MessageItem;
}

/** `t:FolderId` attributes of a folder. */
export function folderIdAttrs(mailbox: Mailbox, folder: Folder): { Id: string; ChangeKey: string } {
  return {
    Id: encodeId("folder", mailbox.address, folder.key),
    ChangeKey: encodeChangeKey(folder.key, folder.version),
  };
}

/** `t:ItemId` attributes of an item. */
export function itemIdAttrs(
  mailbox: Mailbox,
  item: MessageItem,
): { Id: string; ChangeKey: string } {
  return {
    Id: encodeId("item", mailbox.address, item.key),
    ChangeKey: encodeChangeKey(item.key, item.version),
  };
}

function checkAccess(context: OperationContext, mailbox: Mailbox): void {
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
}

/** The rights the acting user holds on a folder. */
export function folderRights(context: OperationContext, target: FolderTarget): FolderRights {
  return context.organisation.permissions.folderRights(
    target.mailbox.address,
    target.folder.key,
    context.actingAs.address,
  );
}

/** Whether an item counts as `user`'s own (for Owned edit/delete rights): it sent it. */
export function isOwnItem(user: string, item: MessageItem | undefined): boolean {
  return !!item &&
    [item.from, item.sender].some((a) => a?.emailAddress.toLowerCase() === user);
}

function ownItem(context: OperationContext, item: MessageItem | undefined): boolean {
  return isOwnItem(context.actingAs.address, item);
}

/** What the acting user may do with items of a folder, for EffectiveRights in replies. */
export function itemAccess(
  context: OperationContext,
  mailbox: Mailbox,
  folderKey: string,
): { rights: FolderRights; user: string } {
  const folder = mailbox.folder(folderKey)!;
  return { rights: folderRights(context, { mailbox, folder }), user: context.actingAs.address };
}

/**
 * Fails with ErrorAccessDenied unless the acting user holds `right` on the folder; for edit and
 * delete, `item` is the item concerned (Owned rights cover only the user's own items).
 */
export function requireFolderRight(
  context: OperationContext,
  target: FolderTarget,
  right: FolderRight,
  item?: MessageItem,
): void {
  if (!allows(folderRights(context, target), right, ownItem(context, item))) {
    throw new EwsError("ErrorAccessDenied");
  }
}

/** Whether the acting user may see a folder (FindFolder leaves out the others). */
export function canSeeFolder(context: OperationContext, target: FolderTarget): boolean {
  return allows(folderRights(context, target), "view");
}

/**
 * Resolves a `t:FolderId` or `t:DistinguishedFolderId` element to a folder the acting user may
 * see (`right`, default "view"; pass a stronger right where the operation needs it).
 */
export function resolveFolder(
  element: XmlElement,
  context: OperationContext,
  right: FolderRight = "view",
): FolderTarget {
  const target = findFolderTarget(element, context);
  requireFolderRight(context, target, right);
  return target;
}

function findFolderTarget(element: XmlElement, context: OperationContext): FolderTarget {
  const org = context.organisation;
  if (element.name === "DistinguishedFolderId") {
    const id = element.attrs.Id ?? "";
    const address = find(element, "t:Mailbox/t:EmailAddress")?.text.trim();
    let mailbox = context.actingAs;
    if (address) {
      const other = org.mailbox(address);
      if (!other) throw new EwsError("ErrorNonExistentMailbox");
      mailbox = other;
    }
    checkAccess(context, mailbox);
    const folder = mailbox.folder(id);
    if (!folder || folder.distinguishedId !== id) throw new EwsError("ErrorFolderNotFound");
    return { mailbox, folder };
  }
  if (element.name === "FolderId") {
    const raw = element.attrs.Id ?? "";
    if (raw.trim() === "") throw new EwsError("ErrorInvalidIdEmpty");
    const decoded = decodeId(raw, "folder");
    if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
    const mailbox = org.mailbox(decoded.mailbox);
    if (!mailbox) throw new EwsError("ErrorFolderNotFound");
    checkAccess(context, mailbox);
    const folder = mailbox.folder(decoded.key);
    if (!folder) throw new EwsError("ErrorFolderNotFound");
    return { mailbox, folder };
  }
  throw new EwsError("ErrorInvalidRequest", `Unsupported folder id element ${element.name}.`);
}

/**
 * Resolves a `t:ItemId` element to an item whose folder grants the acting user `right` (default
 * "read"; "edit" or "delete" for writes, checked against the item's ownership).
 */
export function resolveItem(
  element: XmlElement,
  context: OperationContext,
  right: FolderRight = "read",
): ItemTarget {
  const target = findItemTarget(element, context);
  const folder = target.mailbox.folder(target.item.folderKey)!;
  requireFolderRight(context, { mailbox: target.mailbox, folder }, right, target.item);
  return target;
}

function findItemTarget(element: XmlElement, context: OperationContext): ItemTarget {
  if (element.name !== "ItemId" && element.name !== "ParentItemId") {
    // Occurrence and recurring-master ids address calendar items, which this store has none of.
    throw new EwsError("ErrorItemNotFound");
  }
  const raw = element.attrs.Id ?? "";
  if (raw.trim() === "") throw new EwsError("ErrorInvalidIdEmpty");
  const decoded = decodeId(raw, "item");
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorItemNotFound");
  checkAccess(context, mailbox);
  const item = mailbox.items.get(decoded.key);
  if (!item) throw new EwsError("ErrorItemNotFound");
  return { mailbox, item };
}
