/** Output schemas shared by several tools. */
import { z } from "zod";
import type { ItemOutcome } from "../ews/ops/item_updates.ts";
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

/** The outcome of one id of a batched write. */
export const itemOutcome = z.object({
  id: z.string(),
  ok: z.boolean(),
  new_id: z.string().optional().describe("The item's id from now on (moves and copies)."),
  error: z.string().optional(),
});

export function outcomeOf(o: ItemOutcome): z.infer<typeof itemOutcome> {
  return o.ok
    ? { id: o.id, ok: true, ...(o.newId ? { new_id: o.newId } : {}) }
    : { id: o.id, ok: false, error: o.error.describe() };
}

/** A list of message ids for batched tools. */
export const emailIds = z.array(z.string().trim().min(1).max(1024)).min(1).max(100);

/** Body arguments shared by the tools that return bodies. */
export const bodyArgs = {
  body_format: z.enum(["text", "html"]).default("text"),
  unique_only: z.boolean().default(false).describe("Drop quoted history."),
  max_body_chars: z.number().int().min(100).max(1_000_000).default(20_000),
};
