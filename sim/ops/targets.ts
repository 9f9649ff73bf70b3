/**
 * Resolving the folders and items a request names, with the permission checks Exchange applies:
 * a folder or item of another mailbox is reachable only with delegate access to it.
 */
import { find, type XmlElement } from "../../ews/xml/mod.ts";
import { decodeId, encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
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

/** Resolves a `t:FolderId` or `t:DistinguishedFolderId` element. */
export function resolveFolder(element: XmlElement, context: OperationContext): FolderTarget {
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

/** Resolves a `t:ItemId` element. */
export function resolveItem(element: XmlElement, context: OperationContext): ItemTarget {
  if (element.name !== "ItemId") {
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
