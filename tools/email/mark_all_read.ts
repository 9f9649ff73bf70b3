import { z } from "zod";
import { markAllRead } from "../../ews/ops/item_updates.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { WRITES } from "./write_args.ts";

export const markAllReadTool = defineTool({
  name: "mark_all_read",
  title: "Mark folder read",
  description:
    "Mark every message in a folder as read in one request (or unread with read=false), e.g. " +
    "to clear a busy inbox.",
  input: withTarget({
    folder: z.string().trim().min(1).max(512).default("inbox"),
    read: z.boolean().default(true),
  }),
  output: withMailbox({ folder: z.string(), read: z.boolean() }),
  annotations: WRITES,
  async handler(args, { client, mailbox }) {
    await markAllRead(client, mailbox, args.folder, args.read);
    return { folder: args.folder, read: args.read };
  },
});
