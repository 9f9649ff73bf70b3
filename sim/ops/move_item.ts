/**
 * MoveItem and CopyItem: items into another folder of the same mailbox, each answered with the
 * item's new id (moved items get a new id in Exchange too). Moving or copying between mailboxes
 * is refused as Exchange refuses it.
 */
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { itemIdOnly } from "./item_fields.ts";
import { operationResponse, respond } from "./response.ts";
import { resolveFolder, resolveItem } from "./targets.ts";

function moveOrCopy(operation: "MoveItem" | "CopyItem") {
  return (request: XmlElement, context: OperationContext) => {
    const toFolder = find(request, "m:ToFolderId")?.children[0];
    const ids = find(request, "m:ItemIds")?.children ?? [];
    return operationResponse(
      operation,
      ids.map((idElement) =>
        respond(`m:${operation}ResponseMessage`, () => {
          if (!toFolder) throw new EwsError("ErrorInvalidRequest", "ToFolderId is required.");
          // A move takes the item out of its folder (DeleteItems); both put one in (CreateItems).
          const target = resolveFolder(toFolder, context, "create");
          const { mailbox, item } = resolveItem(
            idElement,
            context,
            operation === "MoveItem" ? "delete" : "read",
          );
          if (target.mailbox !== mailbox) {
            throw new EwsError(
              "ErrorCrossMailboxMoveCopy",
              "Cannot move or copy an item between mailboxes.",
            );
          }
          const result = operation === "MoveItem"
            ? mailbox.moveItem(item, target.folder.key)
            : mailbox.copyItem(item, target.folder.key);
          return [x("m:Items", null, itemIdOnly(mailbox, result))];
        }, () => [x("m:Items")])
      ),
    );
  };
}

export const moveItem: OperationHandler = moveOrCopy("MoveItem");
export const copyItem: OperationHandler = moveOrCopy("CopyItem");
