import { z } from "zod";
import { moveFolder } from "../../ews/ops/folder_changes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { CHANGES, folderArg, refuseWellKnown } from "./shapes.ts";

export const moveFolderTool = defineTool({
  name: "move_folder",
  title: "Move folder",
  description:
    "Move a folder, with its subfolders and messages, under another folder of the same mailbox. Well-known folders stay put.",
  input: withTarget({
    folder: folderArg,
    destination: folderArg,
  }),
  output: withMailbox({ id: z.string() }),
  annotations: CHANGES,
  async handler(args, { client, mailbox }) {
    refuseWellKnown(args.folder, "moved");
    return await moveFolder(client, mailbox, args.folder, args.destination);
  },
});
