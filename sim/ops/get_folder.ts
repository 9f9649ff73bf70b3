/** GetFolder: folders by id or distinguished name, one response message each. */
import { find, x } from "../../ews/xml/mod.ts";
import type { OperationHandler } from "./context.ts";
import { parseFolderShape, renderFolder } from "./folder_properties.ts";
import { operationResponse, respond } from "./response.ts";
import { folderRights, resolveFolder } from "./targets.ts";

export const getFolder: OperationHandler = (request, context) => {
  const ids = find(request, "m:FolderIds")?.children ?? [];
  const messages = ids.map((idElement) =>
    respond(
      "m:GetFolderResponseMessage",
      () => {
        const shape = parseFolderShape(find(request, "m:FolderShape"));
        const target = resolveFolder(idElement, context);
        const rights = folderRights(context, target);
        return [x("m:Folders", null, renderFolder(target.folder, target.mailbox, shape, rights))];
      },
      () => [x("m:Folders")],
    )
  );
  return operationResponse("GetFolder", messages);
};
