import { z } from "zod";
import { createFolder } from "../../ews/ops/folder_changes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { CHANGES, folderArg } from "./shapes.ts";

export const createFolderTool = defineTool({
  name: "create_folder",
  title: "Create folder",
  description:
    "Create a folder (mail by default; calendar, contacts or tasks) under a parent folder; returns its id and path.",
  input: withTarget({
    name: z.string().trim().min(1).max(255).refine((n) => !n.includes("/"), {
      message: "A folder name cannot contain /",
    }),
    parent_folder: folderArg.default("msgfolderroot"),
    folder_type: z.enum(["mail", "calendar", "contacts", "tasks"]).default("mail"),
  }),
  output: withMailbox({
    id: z.string(),
    name: z.string(),
    path: z.string().optional().describe("Full path, when the parent's path is known."),
  }),
  annotations: CHANGES,
  async handler(args, { client, mailbox }) {
    const created = await createFolder(
      client,
      mailbox,
      args.parent_folder,
      args.name,
      args.folder_type,
    );
    const path = created.parentPath === undefined
      ? undefined
      : created.parentPath
      ? `${created.parentPath}/${args.name}`
      : args.name;
    return { id: created.id, name: args.name, ...(path !== undefined ? { path } : {}) };
  },
});
