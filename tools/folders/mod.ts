/** Folders: the tree, finding, and creating, renaming, moving, deleting and emptying folders. */
import type { ToolModule } from "../tool.ts";
import { createFolderTool } from "./create_folder.ts";
import { deleteFolderTool } from "./delete_folder.ts";
import { emptyFolderTool } from "./empty_folder.ts";
import { findFolder } from "./find_folder.ts";
import { listFoldersTool } from "./list_folders.ts";
import { moveFolderTool } from "./move_folder.ts";
import { renameFolderTool } from "./rename_folder.ts";

export const folderTools: ToolModule = {
  area: "folders",
  tools: [
    listFoldersTool,
    findFolder,
    createFolderTool,
    renameFolderTool,
    moveFolderTool,
    deleteFolderTool,
    emptyFolderTool,
  ],
};
