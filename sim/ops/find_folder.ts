/**
 * FindFolder: the subfolders of one or more folders, direct children (Shallow) or the whole
 * subtree depth first (Deep), optionally filtered and paged.
 */
import { find, x } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { Folder } from "../store/types.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { FOLDER_PROPERTY_BY_URI, parseFolderShape, renderFolder } from "./folder_properties.ts";
import { applyView } from "./paging.ts";
import { compileRestriction } from "./restriction.ts";
import { operationResponse, respond } from "./response.ts";
import { canSeeFolder, folderRights, resolveFolder } from "./targets.ts";

export const findFolder: OperationHandler = (request, context) => {
  const traversal = request.attrs.Traversal ?? "Shallow";
  const parents = find(request, "m:ParentFolderIds")?.children ?? [];
  const view = request.children.find((c) =>
    c.name === "IndexedPageFolderView" || c.name === "FractionalPageFolderView"
  );
  const messages = parents.map((parentElement) =>
    respond("m:FindFolderResponseMessage", () => {
      const shape = parseFolderShape(find(request, "m:FolderShape"));
      const { mailbox, folder } = resolveFolder(parentElement, context);
      let folders: Folder[];
      if (traversal === "Shallow") folders = mailbox.childFolders(folder.key);
      else if (traversal === "Deep") folders = mailbox.descendantFolders(folder.key);
      else if (traversal === "SoftDeleted") folders = [];
      else throw new EwsError("ErrorInvalidRequest", `Invalid Traversal ${traversal}.`);
      const read = (f: Folder, uri: string) =>
        FOLDER_PROPERTY_BY_URI.get(uri)?.value?.(f, mailbox as Mailbox);
      const matches = compileRestriction<Folder>(find(request, "m:Restriction"), read);
      // Folders the user may not see are left out, as Exchange does for delegates.
      const visible = folders.filter((f) => canSeeFolder(context, { mailbox, folder: f }));
      const page = applyView(visible.filter(matches), view);
      return [
        x(
          "m:RootFolder",
          page.rootFolderAttrs,
          x(
            "t:Folders",
            null,
            ...page.entries.map((f) =>
              renderFolder(f, mailbox, shape, folderRights(context, { mailbox, folder: f }))
            ),
          ),
        ),
      ];
    })
  );
  return operationResponse("FindFolder", messages);
};
