/** MarkAllItemsAsRead: sets the read flag of every item in each folder named. */
import { find } from "../../ews/xml/mod.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, parseBoolean, respond } from "./response.ts";
import { resolveFolder } from "./targets.ts";

export const markAllItemsAsRead: OperationHandler = (request, context) => {
  const read = parseBoolean(find(request, "m:ReadFlag")?.text);
  const folders = find(request, "m:FolderIds")?.children ?? [];
  return operationResponse(
    "MarkAllItemsAsRead",
    folders.map((folderElement) =>
      respond("m:MarkAllItemsAsReadResponseMessage", () => {
        if (read === undefined) throw new EwsError("ErrorInvalidRequest", "ReadFlag is required.");
        const { mailbox, folder } = resolveFolder(folderElement, context, "read");
        for (const item of mailbox.itemsIn(folder.key)) {
          if (item.isRead === read) continue;
          item.isRead = read;
          mailbox.touch(item);
        }
        return [];
      })
    ),
  );
};
