import { z } from "zod";
import { getConversation } from "../../ews/ops/conversations.ts";
import { bodyArgs, clip, emailAddress } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const getConversationTool = defineTool({
  name: "get_conversation",
  title: "Get conversation",
  description:
    "Every message of a message's thread across folders (not Deleted Items), oldest first; " +
    "unique_only reads a long thread without repeated quotes.",
  input: withTarget({
    email_id: z.string().trim().min(1).max(1024),
    include_bodies: z.boolean().default(true),
    ...bodyArgs,
    max_messages: z.number().int().min(1).max(100).default(50),
  }),
  output: withMailbox({
    conversation_id: z.string(),
    emails: z.array(z.object({
      id: z.string(),
      subject: z.string(),
      from: emailAddress.optional(),
      to: z.array(emailAddress),
      sent_time: z.string().optional(),
      is_read: z.boolean(),
      folder_id: z.string().optional(),
      preview: z.string().optional(),
      body: z.string().optional(),
      body_truncated: z.boolean().optional(),
    })),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const { conversationId, messages } = await getConversation(client, mailbox, args.email_id, {
      body: args.include_bodies ? args.body_format : undefined,
      uniqueBody: args.unique_only,
      includeDeleted: false,
      maxItems: args.max_messages,
    });
    return {
      conversation_id: conversationId,
      emails: messages.map((m) => {
        const body = m.body && clip(m.body.content, args.max_body_chars);
        return {
          id: m.id,
          subject: m.subject,
          from: m.from,
          to: m.to,
          sent_time: m.sentAt,
          is_read: m.isRead,
          folder_id: m.parentFolderId,
          ...(body
            ? { body: body.text, ...(body.truncated ? { body_truncated: true } : {}) }
            : { preview: m.preview }),
        };
      }),
    };
  },
});
