import { z } from "zod";
import { emptyFolder } from "../../ews/ops/folder_changes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { DESTRUCTIVE, folderArg } from "./shapes.ts";

export const emptyFolderTool = defineTool({
  name: "empty_folder",
  title: "Empty folder",
  description:
    "Delete every message in a folder, and its subfolders with include_subfolders: to Deleted " +
    "Items, or for good with permanent. Confirm with the user first.",
  input: withTarget({
    folder: folderArg,
    include_subfolders: z.boolean().default(false),
    permanent: z.boolean().default(false),
  }),
  output: withMailbox({ emptied: z.literal(true), include_subfolders: z.boolean() }),
  annotations: DESTRUCTIVE,
  async handler(args, { client, mailbox }) {
    await emptyFolder(client, mailbox, args.folder, {
      disposal: args.permanent ? "HardDelete" : "MoveToDeletedItems",
      subfolders: args.include_subfolders,
    });
    return { emptied: true as const, include_subfolders: args.include_subfolders };
  },
});
