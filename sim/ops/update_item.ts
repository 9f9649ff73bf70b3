/**
 * UpdateItem: Set/Append/DeleteItemField changes to items, each item answered by its own message.
 * A ChangeKey older than the item's is a conflict (ErrorIrresolvableConflict) unless the client
 * asked for AlwaysOverwrite; a change set applies whole or not at all. Messages need a
 * MessageDisposition, and a draft updated with SendAndSaveCopy/SendOnly is sent.
 */
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import { encodeChangeKey } from "../store/ids.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { updateOtherItem } from "./item_kinds.ts";
import { EwsError } from "./errors.ts";
import { applyChange, itemIdOnly } from "./item_fields.ts";
import { requireCurrentChangeKey } from "./item_kind_ops.ts";
import { operationResponse, respond } from "./response.ts";
import { sendDraft } from "./send_item.ts";
import { resolveFolder, resolveItem } from "./targets.ts";

const RESOLUTIONS = new Set(["NeverOverwrite", "AutoResolve", "AlwaysOverwrite"]);
const DISPOSITIONS = new Set(["SaveOnly", "SendOnly", "SendAndSaveCopy"]);

function updateOne(change: XmlElement, request: XmlElement, context: OperationContext) {
  const resolution = request.attrs.ConflictResolution ?? "";
  if (!RESOLUTIONS.has(resolution)) {
    throw new EwsError("ErrorInvalidRequest", `Invalid ConflictResolution ${resolution}.`);
  }
  const idElement = change.children[0];
  const other = updateOtherItem(change, request, context);
  if (other) return other;
  const { mailbox, item } = resolveItem(idElement, context, "edit");
  const disposition = request.attrs.MessageDisposition;
  if (!disposition) {
    throw new EwsError(
      "ErrorMessageDispositionRequired",
      "MessageDisposition is required for messages.",
    );
  }
  if (!DISPOSITIONS.has(disposition)) {
    throw new EwsError("ErrorInvalidRequest", `Invalid MessageDisposition ${disposition}.`);
  }
  requireCurrentChangeKey(idElement, request, encodeChangeKey(item.key, item.version));
  // Apply to a copy first so that one bad change leaves the item as it was.
  const draft = structuredClone(item);
  for (const update of find(change, "t:Updates")?.children ?? []) applyChange(draft, update);
  Object.assign(item, draft);
  mailbox.touch(item);
  if (disposition !== "SaveOnly") {
    if (!item.isDraft) {
      throw new EwsError(
        "ErrorInvalidItemForOperationSendItem",
        "Only a draft can be sent.",
      );
    }
    const saved = find(request, "m:SavedItemFolderId")?.children[0];
    const folder = disposition === "SendAndSaveCopy"
      ? (saved ? resolveFolder(saved, context, "create").folder.key : "sentitems")
      : undefined;
    sendDraft(mailbox, item, folder, context);
    return [x("m:Items"), x("m:ConflictResults", null, x("t:Count", null, "0"))];
  }
  return [
    x("m:Items", null, itemIdOnly(mailbox, item)),
    x("m:ConflictResults", null, x("t:Count", null, "0")),
  ];
}

export const updateItem: OperationHandler = (request, context) => {
  const changes = find(request, "m:ItemChanges")?.children ?? [];
  return operationResponse(
    "UpdateItem",
    changes.map((change) =>
      respond(
        "m:UpdateItemResponseMessage",
        () => updateOne(change, request, context),
        () => [x("m:Items")],
      )
    ),
  );
};
