import { z } from "zod";
import { listMessages } from "../../ews/ops/items.ts";
import { messageSummary, summarize } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const readEmails = defineTool({
  name: "read_emails",
  title: "Read emails",
  description:
    "List messages in a mailbox folder, newest first, one page at a time. Returns for each " +
    "message its id, subject, sender, recipients, received time, read flag, attachment flag and " +
    "a short preview (or the body with include_body). Use `next_offset` to fetch the next page " +
    "and get_email_details for one message in full.",
  input: withTarget({
    folder: z.string().trim().min(1).max(512).default("inbox").describe(
      "Well-known folder name (inbox, sentitems, drafts, deleteditems, junkemail, outbox), " +
        "a folder path as list_folders shows it (e.g. Inbox/Projects), or a folder id.",
    ),
    max_results: z.number().int().min(1).max(100).default(10).describe("Page size (1-100)."),
    offset: z.number().int().min(0).max(1_000_000).default(0).describe(
      "How many messages to skip (use next_offset from the previous page).",
    ),
    unread_only: z.boolean().default(false).describe("Only unread messages."),
    include_body: z.boolean().default(false).describe(
      "Include each message's plain-text body (clipped to max_body_chars).",
    ),
    max_body_chars: z.number().int().min(100).max(100_000).default(4000).describe(
      "Longest body returned per message when include_body is set.",
    ),
  }),
  output: withMailbox({
    folder: z.string(),
    total: z.number().int().describe("Messages in the folder matching the query."),
    offset: z.number().int(),
    next_offset: z.number().int().optional().describe("Absent on the last page."),
    emails: z.array(messageSummary),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const page = await listMessages(client, mailbox, {
      folder: args.folder,
      offset: args.offset,
      maxResults: args.max_results,
      unreadOnly: args.unread_only,
      body: args.include_body ? "text" : undefined,
    });
    return {
      folder: args.folder,
      total: page.total,
      offset: args.offset,
      ...(page.nextOffset !== undefined ? { next_offset: page.nextOffset } : {}),
      emails: page.messages.map((m) => summarize(m, args.max_body_chars)),
    };
  },
});
