import { z } from "zod";
import { getMessages } from "../../ews/ops/items.ts";
import { clip, emailAddress } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const getEmailDetails = defineTool({
  name: "get_email_details",
  title: "Get email details",
  description:
    "Fetch one message in full by its id (from read_emails): sender, all recipients, dates, " +
    "body (plain text or HTML), attachments list, categories, conversation and Internet " +
    "message ids.",
  input: withTarget({
    email_id: z.string().trim().min(1).max(1024).describe("The message id from read_emails."),
    body_format: z.enum(["text", "html"]).default("text").describe("Body as plain text or HTML."),
    max_body_chars: z.number().int().min(100).max(1_000_000).default(50_000).describe(
      "Longest body returned; longer bodies are clipped and flagged.",
    ),
  }),
  output: withMailbox({
    id: z.string(),
    subject: z.string(),
    from: emailAddress.optional(),
    to: z.array(emailAddress),
    cc: z.array(emailAddress),
    bcc: z.array(emailAddress),
    received_time: z.string().optional(),
    sent_time: z.string().optional(),
    is_read: z.boolean(),
    importance: z.enum(["Low", "Normal", "High"]),
    has_attachments: z.boolean(),
    attachments: z.array(z.object({
      id: z.string(),
      name: z.string(),
      content_type: z.string().optional(),
      size: z.number().optional(),
      is_inline: z.boolean(),
    })),
    categories: z.array(z.string()),
    body: z.string(),
    body_format: z.enum(["text", "html"]),
    body_truncated: z.boolean(),
    internet_message_id: z.string().optional(),
    conversation_id: z.string().optional(),
    size: z.number().optional(),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const [result] = await getMessages(client, mailbox, [args.email_id], {
      detail: "full",
      body: args.body_format,
    });
    if (!result.ok) throw result.error;
    const m = result.message;
    const body = clip(m.body?.content ?? "", args.max_body_chars);
    return {
      id: m.id,
      subject: m.subject,
      from: m.from,
      to: m.to,
      cc: m.cc,
      bcc: m.bcc,
      received_time: m.receivedAt,
      sent_time: m.sentAt,
      is_read: m.isRead,
      importance: m.importance,
      has_attachments: m.hasAttachments,
      attachments: m.attachments.map((a) => ({
        id: a.id,
        name: a.name,
        content_type: a.contentType,
        size: a.size,
        is_inline: a.isInline,
      })),
      categories: m.categories,
      body: body.text,
      body_format: m.body?.format ?? args.body_format,
      body_truncated: body.truncated,
      internet_message_id: m.internetMessageId,
      conversation_id: m.conversationId,
      size: m.size,
    };
  },
});
