import { z } from "zod";
import { addAttachments } from "../../ews/ops/attachments.ts";
import { itemId } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { attachmentsInput, loadAttachments } from "./input.ts";

export const addAttachment = defineTool({
  name: "add_attachment",
  title: "Add attachment",
  description:
    "Attach files to an existing message, usually a draft: base64 content, or a file from " +
    "EWS_UPLOAD_DIR. All are added in one request.",
  input: withTarget({
    email_id: itemId,
    attachments: attachmentsInput.min(1),
  }),
  output: withMailbox({
    email_id: z.string(),
    added: z.array(z.object({ id: z.string(), name: z.string(), size: z.number().int() })),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox, files }) {
    const attachments = await loadAttachments(args.attachments, files);
    const { ids } = await addAttachments(client, mailbox, args.email_id, attachments);
    return {
      email_id: args.email_id,
      added: attachments.map((a, i) => ({ id: ids[i], name: a.name, size: a.content.length })),
    };
  },
});
