import { z } from "zod";
import { listAttachments } from "../../ews/ops/attachments.ts";
import { itemId } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { attachmentEntry, entryOf } from "./shapes.ts";

export const listAttachmentsTool = defineTool({
  name: "list_attachments",
  title: "List attachments",
  description:
    "List a message's attachments: files and attached messages (kind item), with id, name, " +
    "type and size. Read one with download_attachment.",
  input: withTarget({
    email_id: itemId,
  }),
  output: withMailbox({
    email_id: z.string(),
    subject: z.string(),
    attachments: z.array(attachmentEntry),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const { subject, attachments } = await listAttachments(client, mailbox, args.email_id);
    return { email_id: args.email_id, subject, attachments: attachments.map(entryOf) };
  },
});
