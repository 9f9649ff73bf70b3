import { z } from "zod";
import { getMessages } from "../../ews/ops/items.ts";
import { bodyArgs, clip, emailAddress, emailIds } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const fullMessage = z.object({
  id: z.string(),
  subject: z.string(),
  from: emailAddress.optional(),
  to: z.array(emailAddress),
  cc: z.array(emailAddress).optional(),
  received_time: z.string().optional(),
  is_read: z.boolean(),
  importance: z.enum(["Low", "Normal", "High"]),
  has_attachments: z.boolean(),
  categories: z.array(z.string()).optional(),
  flag: z.object({ status: z.string(), due: z.string().optional() }).optional(),
  body: z.string().optional(),
  body_truncated: z.boolean().optional(),
  folder_id: z.string().optional(),
});

export const getEmailsBulk = defineTool({
  name: "get_emails_bulk",
  title: "Get several emails",
  description:
    "Fetch many messages by id in one request, with bodies (text unless html; unique_only " +
    "drops quoted history). Failed ids are listed in `errors`.",
  input: withTarget({ email_ids: emailIds, ...bodyArgs }),
  output: withMailbox({
    emails: z.array(fullMessage),
    errors: z.array(z.object({ id: z.string(), error: z.string() })).optional(),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const results = await getMessages(client, mailbox, args.email_ids, {
      detail: "full",
      body: args.body_format,
      uniqueBody: args.unique_only,
    });
    const errors = results.flatMap((r) => r.ok ? [] : [{ id: r.id, error: r.error.describe() }]);
    return {
      emails: results.flatMap((r) => {
        if (!r.ok) return [];
        const m = r.message;
        const body = clip(m.body?.content ?? "", args.max_body_chars);
        return [{
          id: m.id,
          subject: m.subject,
          from: m.from,
          to: m.to,
          ...(m.cc.length ? { cc: m.cc } : {}),
          received_time: m.receivedAt,
          is_read: m.isRead,
          importance: m.importance,
          has_attachments: m.hasAttachments,
          ...(m.categories.length ? { categories: m.categories } : {}),
          ...(m.flag && m.flag.status !== "NotFlagged" ? { flag: m.flag } : {}),
          body: body.text,
          ...(body.truncated ? { body_truncated: true } : {}),
          folder_id: m.parentFolderId,
        }];
      }),
      ...(errors.length ? { errors } : {}),
    };
  },
});
