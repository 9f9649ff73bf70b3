/**
 * DeleteItem with Exchange's three disposal types: HardDelete removes the item, SoftDelete puts
 * it out of sight (the dumpster, which clients cannot browse here), MoveToDeletedItems moves it
 * to Deleted Items, or soft-deletes it when it is already there.
 */
import { find } from "../../ews/xml/mod.ts";
import type { OperationHandler } from "./context.ts";
import { deleteOtherItem } from "./item_kinds.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, respond } from "./response.ts";
import { resolveItem } from "./targets.ts";

const DISPOSALS = new Set(["HardDelete", "SoftDelete", "MoveToDeletedItems"]);

export const deleteItem: OperationHandler = (request, context) => {
  const deleteType = request.attrs.DeleteType ?? "";
  const ids = find(request, "m:ItemIds")?.children ?? [];
  return operationResponse(
    "DeleteItem",
    ids.map((idElement) =>
      respond("m:DeleteItemResponseMessage", () => {
        if (!DISPOSALS.has(deleteType)) {
          throw new EwsError("ErrorInvalidRequest", `Invalid DeleteType ${deleteType}.`);
        }
        if (deleteOtherItem(idElement, request, context)) return [];
        const { mailbox, item } = resolveItem(idElement, context, "delete");
        if (deleteType === "MoveToDeletedItems" && item.folderKey !== "deleteditems") {
          mailbox.moveItem(item, "deleteditems");
        } else {
          mailbox.items.delete(item.key);
        }
        return [];
      })
    ),
  );
};
