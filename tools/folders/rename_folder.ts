import { z } from "zod";
import { renameFolder } from "../../ews/ops/folder_changes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { CHANGES, folderArg, refuseWellKnown } from "./shapes.ts";

export const renameFolderTool = defineTool({
  name: "rename_folder",
  title: "Rename folder",
  description:
    "Rename a folder. Well-known folders (Inbox, Sent Items…) keep their names; the folder id stays the same.",
  input: withTarget({
    folder: folderArg,
    new_name: z.string().trim().min(1).max(255).refine((n) => !n.includes("/"), {
      message: "A folder name cannot contain /",
    }),
  }),
  output: withMailbox({ id: z.string(), name: z.string() }),
  annotations: CHANGES,
  async handler(args, { client, mailbox }) {
    refuseWellKnown(args.folder, "renamed");
    const { id } = await renameFolder(client, mailbox, args.folder, args.new_name);
    return { id, name: args.new_name };
  },
});
