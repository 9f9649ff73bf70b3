/**
 * SendItem: sends drafts. The draft leaves Drafts; with SaveItemToFolder a copy is filed (Sent
 * Items unless SavedItemFolderId says otherwise).
 */
import { find } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { MessageItem } from "../store/types.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, parseBoolean, respond } from "./response.ts";
import { resolveFolder, resolveItem } from "./targets.ts";

/** Sends a stored draft as its mailbox and removes it; `saveIn` files the sent copy. */
export function sendDraft(
  mailbox: Mailbox,
  draft: MessageItem,
  saveIn: string | undefined,
  context: OperationContext,
): void {
  if (draft.toRecipients.length + draft.ccRecipients.length + draft.bccRecipients.length === 0) {
    throw new EwsError("ErrorInvalidRecipients", "At least one recipient is required.");
  }
  const { saved } = context.organisation.send(mailbox, {
    subject: draft.subject,
    body: draft.body,
    to: draft.toRecipients,
    cc: draft.ccRecipients,
    bcc: draft.bccRecipients,
    replyTo: draft.replyTo,
    importance: draft.importance,
    sensitivity: draft.sensitivity,
    categories: draft.categories,
    attachments: draft.attachments.map((a) => ({
      name: a.name,
      contentType: a.contentType,
      content: a.content,
      isInline: a.isInline,
    })),
    inReplyTo: draft.inReplyTo,
  }, saveIn);
  if (saved) {
    saved.references = draft.references;
    saved.uniqueBody = draft.uniqueBody;
    // Exchange sends the draft itself: the properties a client set on it stay on the copy.
    if (draft.extendedProperties) {
      saved.extendedProperties = structuredClone(draft.extendedProperties);
    }
  }
  mailbox.items.delete(draft.key);
}

export const sendItem: OperationHandler = (request, context) => {
  const save = parseBoolean(request.attrs.SaveItemToFolder);
  const savedFolder = find(request, "m:SavedItemFolderId")?.children[0];
  const ids = find(request, "m:ItemIds")?.children ?? [];
  return operationResponse(
    "SendItem",
    ids.map((idElement) =>
      respond("m:SendItemResponseMessage", () => {
        if (save === undefined) {
          throw new EwsError("ErrorInvalidRequest", "SaveItemToFolder is required.");
        }
        if (!save && savedFolder) {
          throw new EwsError(
            "ErrorInvalidSendItemSaveSettings",
            "SavedItemFolderId is not allowed when SaveItemToFolder is false.",
          );
        }
        const { mailbox, item } = resolveItem(idElement, context, "edit");
        if (!item.isDraft) {
          throw new EwsError(
            "ErrorInvalidItemForOperationSendItem",
            "Only a draft can be sent.",
          );
        }
        const folder = save
          ? (savedFolder ? resolveFolder(savedFolder, context, "create").folder.key : "sentitems")
          : undefined;
        sendDraft(mailbox, item, folder, context);
        return [];
      })
    ),
  );
};
