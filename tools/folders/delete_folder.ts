import { z } from "zod";
import { deleteFolder } from "../../ews/ops/folder_changes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { DESTRUCTIVE, folderArg, refuseWellKnown } from "./shapes.ts";

export const deleteFolderTool = defineTool({
  name: "delete_folder",
  title: "Delete folder",
  description:
    "Delete a folder with its subfolders and messages: to Deleted Items, or for good with " +
    "permanent. Well-known folders cannot be deleted. Confirm with the user first.",
  input: withTarget({
    folder: folderArg,
    permanent: z.boolean().default(false),
  }),
  output: withMailbox({ deleted: z.literal(true), permanent: z.boolean() }),
  annotations: DESTRUCTIVE,
  async handler(args, { client, mailbox }) {
    refuseWellKnown(args.folder, "deleted");
    await deleteFolder(
      client,
      mailbox,
      args.folder,
      args.permanent ? "HardDelete" : "MoveToDeletedItems",
    );
    return { deleted: true as const, permanent: args.permanent };
  },
});
