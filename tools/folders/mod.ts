/** Folders: the mailbox's folder tree. */
import type { ToolModule } from "../tool.ts";
import { listFoldersTool } from "./list_folders.ts";

export const folderTools: ToolModule = { area: "folders", tools: [listFoldersTool] };
