/**
 * Attachments as EWS names and shows them. An attachment id carries its root item and the keys
 * down to the attachment (`item/a1`, or `item/a1/a3` inside an attached message), so attachments
 * of attached messages are reachable like any other. Rights are those of the root item's folder.
 */
import { x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { decodeId, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { FileAttachment, MessageItem } from "../store/types.ts";
import type { FolderRight } from "../store/permissions.ts";
import type { OperationContext } from "./context.ts";
import { EwsError } from "./errors.ts";
import { ewsDate } from "./response.ts";
import { itemIdAttrs, requireFolderRight } from "./targets.ts";

export interface AttachmentTarget {
  mailbox: Mailbox;
  /** The store item the attachment hangs under (directly or inside attached messages). */
  root: MessageItem;
  /** The message whose `attachments` list holds it (the root, or an attached message). */
  holder: MessageItem;
  attachment: FileAttachment;
}

/** `t:AttachmentId` attributes: the id and the root item's id and change key. */
export function attachmentIdAttrs(
  mailbox: Mailbox,
  root: MessageItem,
  path: string[],
): { Id: string; RootItemId: string; RootItemChangeKey: string } {
  const rootId = itemIdAttrs(mailbox, root);
  return {
    Id: encodeId("attachment", mailbox.address, [root.key, ...path].join("/")),
    RootItemId: rootId.Id,
    RootItemChangeKey: rootId.ChangeKey,
  };
}

/**
 * Resolves a `t:AttachmentId` (or `t:RequestAttachmentId`) to an attachment whose root item's
 * folder grants the acting user `right`.
 */
export function resolveAttachment(
  element: XmlElement,
  context: OperationContext,
  right: FolderRight,
): AttachmentTarget & { path: string[] } {
  const raw = element.attrs.Id ?? "";
  if (raw.trim() === "") throw new EwsError("ErrorInvalidIdEmpty");
  const decoded = decodeId(raw, "attachment");
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorItemNotFound");
  const [rootKey, ...path] = decoded.key.split("/");
  const root = mailbox.items.get(rootKey);
  if (!root || path.length === 0) throw new EwsError("ErrorItemNotFound");
  requireFolderRight(context, { mailbox, folder: mailbox.folder(root.folderKey)! }, right, root);
  let holder = root;
  let attachment: FileAttachment | undefined;
  for (const [i, key] of path.entries()) {
    attachment = holder.attachments.find((a) => a.key === key);
    if (!attachment) throw new EwsError("ErrorItemNotFound");
    if (i < path.length - 1) {
      if (!attachment.item) throw new EwsError("ErrorItemNotFound");
      holder = attachment.item;
    }
  }
  return { mailbox, root, holder, attachment: attachment!, path };
}

/**
 * The `t:FileAttachment` / `t:ItemAttachment` summary an item's Attachments list shows. Its id
 * is the attachment's alone: Exchange names the root item (RootItemId, RootItemChangeKey) only
 * in CreateAttachment replies, and refuses those attributes when a client sends them back in
 * GetAttachment or DeleteAttachment (the request type declares only Id).
 */
export function attachmentSummary(
  mailbox: Mailbox,
  root: MessageItem,
  path: string[],
  a: FileAttachment,
  extra: XmlNode[] = [],
): XmlNode {
  return x(
    a.item ? "t:ItemAttachment" : "t:FileAttachment",
    null,
    x("t:AttachmentId", { Id: attachmentIdAttrs(mailbox, root, path).Id }),
    x("t:Name", null, a.name),
    x("t:ContentType", null, a.contentType),
    a.contentId && x("t:ContentId", null, a.contentId),
    x("t:Size", null, String(a.content.length)),
    x("t:LastModifiedTime", null, ewsDate(a.lastModified).slice(0, -1)),
    x("t:IsInline", null, String(a.isInline)),
    !a.item && x("t:IsContactPhoto", null, "false"),
    ...extra,
  );
}

let nextKey = 1;

/** A fresh attachment key (`/` and `|` never appear in keys). */
export function newAttachmentKey(): string {
  return `n${(nextKey++).toString(36)}`;
}
