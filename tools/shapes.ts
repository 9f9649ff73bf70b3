/**
 * Argument and result shapes shared by several tools. Inputs carry no `.describe()`: what they
 * mean (folder forms, ids, paging, target_mailbox) is said once in the server's instructions
 * (server/instructions.ts), so a model does not pay for it again with every tool.
 */
import { z } from "zod";
import type { ItemOutcome } from "../ews/ops/item_updates.ts";
import type { Message } from "../ews/types.ts";

// ---- inputs ------------------------------------------------------------------------------------

/** A folder: well-known name, display path (Inbox/Projects) or folder id. */
export const folderRef = z.string().trim().min(1).max(512);

/** One EWS id (item, folder or attachment) from an earlier result. */
export const itemId = z.string().trim().min(1).max(1024);

/** A batch of ids, done in one request. */
export const itemIds = (max = 100) => z.array(itemId).min(1).max(max);

/** `max_results` and `offset`, to spread into an input shape: `...paging(10, 100)`. */
export function paging(pageSize = 10, max = 100) {
  return {
    max_results: z.number().int().min(1).max(max).default(pageSize),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  };
}

export const bodyFormat = z.enum(["text", "html"]);
export const importance = z.enum(["Low", "Normal", "High"]);

/** The per-call body cap: longer bodies are cut and flagged `truncated`, with `body_length`. */
export const maxBodyChars = (fallback: number, max = 1_000_000) =>
  z.number().int().min(100).max(max).default(fallback);

/** A caller's value quoted in an error message, clipped: errors must stay short. */
export function quoted(input: unknown): string {
  const text = String(input);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** An SMTP address given by the caller. */
export const smtpAddress = z.email({
  error: (issue) => `Not a valid email address: ${quoted(issue.input)}`,
});

/** A recipient list (to, cc, bcc…). */
export const recipientList = z.array(smtpAddress).max(500);

/** An ISO 8601 date-time with an offset or Z (the schema says `format: date-time`, no regex). */
export const isoDateTime = z.iso.datetime({
  offset: true,
  error: "Use an ISO 8601 date-time such as 2026-12-24T17:00:00Z.",
});

/** For tools that send: a retry with the same key never sends twice (tools/idempotency.ts). */
export const idempotencyKey = z.string().trim().min(1).max(200);

export const categories = z.array(z.string().trim().min(1).max(255)).max(50);

// ---- results -----------------------------------------------------------------------------------

/** An address in results; the text content writes it `Name <email>`. */
export const emailAddress = z.object({
  name: z.string().optional(),
  email: z.string(),
});

/** `total`, `offset` and `next_offset` of a page, to spread into an output shape. */
export const pageInfo = {
  total: z.number().int(),
  offset: z.number().int(),
  next_offset: z.number().int().optional(),
};

/** Characters of preview per message in listings. */
export const PREVIEW_CHARS = 200;

/** A body cut to the caller's cap: `truncated` says so and `body_length` is the full length. */
export const bodyShape = {
  body: z.string(),
  body_format: bodyFormat,
  truncated: z.boolean(),
  body_length: z.number().int(),
};

export const messageSummary = z.object({
  id: z.string(),
  subject: z.string(),
  from: emailAddress.optional(),
  /** Display names, as a listing gets them in one request; get_email_details gives addresses. */
  to: z.string().optional(),
  received_time: z.string().optional(),
  is_read: z.boolean(),
  has_attachments: z.boolean(),
  importance,
  /** About PREVIEW_CHARS characters of text; absent when the body is included. */
  preview: z.string().optional(),
  ...z.object(bodyShape).partial().shape,
});

export type MessageSummary = z.infer<typeof messageSummary>;

/** Cuts a text to `max` characters, saying so. */
export function clip(text: string, max: number): { text: string; truncated: boolean } {
  return text.length > max
    ? { text: text.slice(0, max), truncated: true }
    : { text, truncated: false };
}

/** A body as tools return it: cut to `max`, with the flag and the full length. */
export function bodyFields(body: Message["body"], max: number, fallback: "text" | "html") {
  const content = body?.content ?? "";
  const cut = clip(content, max);
  return {
    body: cut.text,
    body_format: body?.format ?? fallback,
    truncated: cut.truncated,
    body_length: content.length,
  };
}

/** A short preview: EWS `Preview` where the server has it, else the start of the text body. */
export function previewOf(message: Message): string | undefined {
  const text = message.preview ??
    (message.body?.format === "text" ? message.body.content : undefined);
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_CHARS ? flat.slice(0, PREVIEW_CHARS - 1) + "…" : flat;
}

/** A listing entry: the body (cut to `maxBody`) when it was fetched, else a preview. */
export function summarize(message: Message, maxBody: number): MessageSummary {
  return {
    id: message.id,
    subject: message.subject,
    from: message.from,
    to: message.displayTo,
    received_time: message.receivedAt,
    is_read: message.isRead,
    has_attachments: message.hasAttachments,
    importance: message.importance,
    ...(message.body ? bodyFields(message.body, maxBody, "text") : { preview: previewOf(message) }),
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
