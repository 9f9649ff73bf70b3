import { z } from "zod";
import { getMessages } from "../../ews/ops/items.ts";
import {
  bodyFields,
  bodyFormat,
  bodyShape,
  emailAddress,
  importance,
  itemId,
  maxBodyChars,
} from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const getEmailDetails = defineTool({
  name: "get_email_details",
  title: "Get email details",
  description: "Read one message in full: all recipients, dates, body, attachment list, " +
    "categories, conversation and Internet message ids.",
  input: withTarget({
    email_id: itemId,
    body_format: bodyFormat.default("text"),
    max_body_chars: maxBodyChars(20_000),
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
    importance,
    has_attachments: z.boolean(),
    attachments: z.array(z.object({
      id: z.string(),
      name: z.string(),
      content_type: z.string().optional(),
      size: z.number().optional(),
      is_inline: z.boolean(),
    })),
    categories: z.array(z.string()),
    ...bodyShape,
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
      ...bodyFields(m.body, args.max_body_chars, args.body_format),
      internet_message_id: m.internetMessageId,
      conversation_id: m.conversationId,
      size: m.size,
    };
  },
  // Defaults left out of the text (the body's length only matters when it was cut).
  view: (r) => ({
    ...r,
    is_read: r.is_read ? undefined : false,
    importance: r.importance === "Normal" ? undefined : r.importance,
    has_attachments: undefined,
    attachments: r.attachments.map((a) => ({ ...a, is_inline: a.is_inline || undefined })),
    body_format: r.body_format === "text" ? undefined : r.body_format,
    truncated: r.truncated || undefined,
    body_length: r.truncated ? r.body_length : undefined,
  }),
});
