import { z } from "zod";
import { deleteAttachments } from "../../ews/ops/attachments.ts";
import { itemIds } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const deleteAttachment = defineTool({
  name: "delete_attachment",
  title: "Delete attachment",
  description:
    "Remove attachments from their messages, permanently, in one request; the result says " +
    "per id whether it was removed.",
  input: withTarget({
    attachment_ids: itemIds(50),
  }),
  output: withMailbox({
    deleted: z.number().int(),
    results: z.array(z.object({
      id: z.string(),
      deleted: z.boolean(),
      error: z.string().optional(),
    })),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox }) {
    const results = await deleteAttachments(client, mailbox, args.attachment_ids);
    return {
      deleted: results.filter((r) => r.ok).length,
      results: results.map((r) =>
        r.ok ? { id: r.id, deleted: true } : { id: r.id, deleted: false, error: r.error.describe() }
      ),
    };
  },
});
