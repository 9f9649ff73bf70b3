/** GetItem: items by id, one response message per id, failures reported per item. */
import { find, x } from "../../ews/xml/mod.ts";
import type { OperationHandler } from "./context.ts";
import { getOtherItem } from "./item_kinds.ts";
import { parseItemShape, renderItem } from "./item_shape.ts";
import { operationResponse, respond } from "./response.ts";
import { itemAccess, resolveItem } from "./targets.ts";

export const getItem: OperationHandler = (request, context) => {
  const ids = find(request, "m:ItemIds")?.children ?? [];
  const messages = ids.map((idElement) =>
    respond(
      "m:GetItemResponseMessage",
      () => {
        const other = getOtherItem(idElement, find(request, "m:ItemShape"), context);
        if (other) return other;
        const shape = parseItemShape(find(request, "m:ItemShape"), false);
        const { mailbox, item } = resolveItem(idElement, context);
        const access = itemAccess(context, mailbox, item.folderKey);
        return [x("m:Items", null, renderItem(item, shape, { mailbox, access }))];
      },
      () => [x("m:Items")],
    )
  );
  return operationResponse("GetItem", messages);
};
