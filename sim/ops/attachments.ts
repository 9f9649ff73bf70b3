/**
 * GetAttachment, CreateAttachment and DeleteAttachment, for file attachments and item
 * attachments (an attached message). Reading needs read rights on the root item's folder,
 * adding or removing one edits the item (Editor, or Author on one's own items). Each changes the
 * item's change key, which the replies return as RootItemChangeKey.
 */
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import type { Mailbox, NewMessage } from "../store/mailbox.ts";
import type { FileAttachment, MessageItem } from "../store/types.ts";
import {
  attachmentIdAttrs,
  attachmentSummary,
  newAttachmentKey,
  resolveAttachment,
} from "./attachment_targets.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { readMessage } from "./create_item.ts";
import { EwsError } from "./errors.ts";
import { type BodyTypeRequest, ITEM_PROPERTIES } from "./item_properties.ts";
import { renderItem } from "./item_shape.ts";
import { renderMime } from "./mime.ts";
import { operationResponse, parseBoolean, respond } from "./response.ts";
import { resolveItem } from "./targets.ts";

/** Exchange's default maximum attachment size (MaxSendSize 35 MB on Exchange 2016). */
export const MAX_ATTACHMENT_BYTES = 35 * 1024 * 1024;

/** Properties an attached message shows: not a store item, so no id, folder or conversation. */
const ATTACHED_ITEM_PROPERTIES = ITEM_PROPERTIES.filter((p) =>
  p.inDefault &&
  !["item:ItemId", "item:ParentFolderId", "item:ConversationId", "item:EffectiveRights"].includes(
    p.uri,
  )
);

export const getAttachment: OperationHandler = (request, context) => {
  const shape = find(request, "m:AttachmentShape");
  const bodyType = (find(shape, "t:BodyType")?.text.trim() ?? "Best") as BodyTypeRequest;
  const withMime = parseBoolean(find(shape, "t:IncludeMimeContent")?.text) ?? false;
  const ids = find(request, "m:AttachmentIds")?.children ?? [];
  const messages = ids.map((idElement) =>
    respond(
      "m:GetAttachmentResponseMessage",
      () => {
        const { mailbox, root, attachment, path } = resolveAttachment(idElement, context, "read");
        const extra = attachment.item
          ? [
            renderItem(attachment.item, {
              bodyType,
              properties: withMime
                ? [ITEM_PROPERTIES[0], ...ATTACHED_ITEM_PROPERTIES]
                : ATTACHED_ITEM_PROPERTIES,
            }, { mailbox, attachedTo: { root, path } }),
          ]
          : [x("t:Content", null, toBase64(attachment.content))];
        return [
          x("m:Attachments", null, attachmentSummary(mailbox, root, path, attachment, extra)),
        ];
      },
      () => [x("m:Attachments")],
    )
  );
  return operationResponse("GetAttachment", messages);
};

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function readFileAttachment(element: XmlElement, now: Date): FileAttachment {
  const content = (find(element, "t:Content")?.text ?? "").replace(/\s+/g, "");
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
  } catch {
    throw new EwsError("ErrorInvalidRequest", "Attachment content is not valid base64.");
  }
  return {
    key: newAttachmentKey(),
    name: find(element, "t:Name")?.text ?? "",
    contentType: find(element, "t:ContentType")?.text ?? "application/octet-stream",
    contentId: find(element, "t:ContentId")?.text,
    content: bytes,
    isInline: parseBoolean(find(element, "t:IsInline")?.text) ?? false,
    lastModified: now,
  };
}

/**
 * An item attachment holding `message`: built like a stored message (ids, dates), then taken out
 * of the store, since it lives only inside the attachment.
 */
function detachedAttachment(
  mailbox: Mailbox,
  parent: MessageItem,
  name: string | undefined,
  message: NewMessage,
  isInline = false,
): FileAttachment {
  const attached = mailbox.addMessage(parent.folderKey, message);
  mailbox.items.delete(attached.key);
  return {
    key: newAttachmentKey(),
    name: name ?? attached.subject,
    contentType: "message/rfc822",
    content: renderMime(attached),
    isInline,
    lastModified: attached.dateTimeReceived,
    item: attached,
  };
}

/** Attaches a message to an item (for seeding; clients use CreateAttachment). */
export function attachMessage(
  mailbox: Mailbox,
  parent: MessageItem,
  message: NewMessage,
  name?: string,
): FileAttachment {
  const attachment = detachedAttachment(mailbox, parent, name, message);
  parent.attachments.push(attachment);
  return attachment;
}

export const createAttachment: OperationHandler = (request, context) => {
  const parent = find(request, "m:ParentItemId");
  const attachments = find(request, "m:Attachments")?.children ?? [];
  const messages = attachments.map((element) =>
    respond(
      "m:CreateAttachmentResponseMessage",
      () => {
        if (!parent) throw new EwsError("ErrorInvalidRequest", "ParentItemId is required.");
        const { mailbox, item } = resolveItem(parent, context, "edit");
        const now = context.organisation.now();
        let attachment: FileAttachment;
        if (element.name === "FileAttachment") {
          attachment = readFileAttachment(element, now);
        } else if (element.name === "ItemAttachment") {
          const message = element.children.find((c) => c.name === "Message" || c.name === "Item");
          if (!message) throw new EwsError("ErrorMissingItemForCreateItemAttachment");
          attachment = detachedAttachment(
            mailbox,
            item,
            find(element, "t:Name")?.text,
            { ...readMessage(message), isRead: true, received: now },
            parseBoolean(find(element, "t:IsInline")?.text) ?? false,
          );
        } else {
          throw new EwsError(
            "ErrorInvalidRequest",
            `${element.name} attachments are not supported by this mailbox store.`,
          );
        }
        if (attachment.content.length > MAX_ATTACHMENT_BYTES) {
          throw new EwsError(
            "ErrorAttachmentSizeLimitExceeded",
            "The size of the attachment exceeds the maximum allowed.",
          );
        }
        item.attachments.push(attachment);
        mailbox.touch(item);
        return [
          x(
            "m:Attachments",
            null,
            x(
              attachment.item ? "t:ItemAttachment" : "t:FileAttachment",
              null,
              x("t:AttachmentId", attachmentIdAttrs(mailbox, item, [attachment.key])),
            ),
          ),
        ];
      },
      () => [x("m:Attachments")],
    )
  );
  return operationResponse("CreateAttachment", messages);
};

function deleteOne(element: XmlElement, context: OperationContext) {
  const { mailbox, root, holder, attachment, path } = resolveAttachment(element, context, "edit");
  if (path.length > 1) {
    throw new EwsError(
      "ErrorInvalidOperation",
      "Attachments of an attached item cannot be deleted; delete the item attachment instead.",
    );
  }
  holder.attachments.splice(holder.attachments.indexOf(attachment), 1);
  mailbox.touch(root);
  const ids = attachmentIdAttrs(mailbox, root, path);
  return [
    x("m:RootItemId", { RootItemId: ids.RootItemId, RootItemChangeKey: ids.RootItemChangeKey }),
  ];
}

export const deleteAttachment: OperationHandler = (request, context) => {
  const ids = find(request, "m:AttachmentIds")?.children ?? [];
  const messages = ids.map((idElement) =>
    respond("m:DeleteAttachmentResponseMessage", () => deleteOne(idElement, context))
  );
  return operationResponse("DeleteAttachment", messages);
};
