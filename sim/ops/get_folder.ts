/** GetFolder: folders by id or distinguished name, one response message each. */
import { find, x } from "../../ews/xml/mod.ts";
import type { OperationHandler } from "./context.ts";
import { parseFolderShape, renderFolder } from "./folder_properties.ts";
import { operationResponse, respond } from "./response.ts";
import { resolveFolder } from "./targets.ts";

export const getFolder: OperationHandler = (request, context) => {
  const ids = find(request, "m:FolderIds")?.children ?? [];
  const messages = ids.map((idElement) =>
    respond(
      "m:GetFolderResponseMessage",
      () => {
        const shape = parseFolderShape(find(request, "m:FolderShape"));
        const { mailbox, folder } = resolveFolder(idElement, context);
        return [x("m:Folders", null, renderFolder(folder, mailbox, shape))];
      },
      () => [x("m:Folders")],
    )
  );
  return operationResponse("GetFolder", messages);
};
