/** Output schemas shared by several tools. */
import { z } from "zod";
import type { Message } from "../ews/types.ts";

export const emailAddress = z.object({
  name: z.string().optional(),
  email: z.string(),
});

export const messageSummary = z.object({
  id: z.string().describe("EWS item id; pass it to get_email_details."),
  subject: z.string(),
  from: emailAddress.optional(),
  to: z.array(emailAddress),
  received_time: z.string().optional().describe("ISO 8601, UTC."),
  is_read: z.boolean(),
  has_attachments: z.boolean(),
  importance: z.enum(["Low", "Normal", "High"]),
  preview: z.string().optional(),
  body: z.string().optional(),
  body_format: z.enum(["text", "html"]).optional(),
  body_truncated: z.boolean().optional(),
});

/** Cuts a body to `max` characters, saying so. */
export function clip(text: string, max: number): { text: string; truncated: boolean } {
  return text.length > max
    ? { text: text.slice(0, max), truncated: true }
    : { text, truncated: false };
}

export function summarize(message: Message, maxBody: number): z.infer<typeof messageSummary> {
  const body = message.body && clip(message.body.content, maxBody);
  return {
    id: message.id,
    subject: message.subject,
    from: message.from,
    to: message.to,
    received_time: message.receivedAt,
    is_read: message.isRead,
    has_attachments: message.hasAttachments,
    importance: message.importance,
    preview: message.preview,
    ...(body
      ? {
        body: body.text,
        body_format: message.body!.format,
        ...(body.truncated ? { body_truncated: true } : {}),
      }
      : {}),
  };
}
