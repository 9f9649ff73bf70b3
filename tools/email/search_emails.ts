import { z } from "zod";
import { searchMessages } from "../../ews/ops/search.ts";
import { messageSummary, summarize } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { isoDate, toIso } from "./write_args.ts";

const text = z.string().trim().max(255);

const SORTS = {
  newest: { sort: "received", descending: true },
  oldest: { sort: "received", descending: false },
  subject: { sort: "subject", descending: false },
  sender: { sort: "from", descending: false },
  largest: { sort: "size", descending: true },
} as const;

export const searchEmails = defineTool({
  name: "search_emails",
  title: "Search emails",
  description:
    "Find messages matching all filters given (ISO dates) in a folder, optionally with its subfolders; `query` takes Exchange AQS. Paged.",
  input: withTarget({
    folder: z.string().trim().max(512).default("inbox"),
    include_subfolders: z.boolean().default(false),
    subject: text.optional(),
    sender: text.optional(),
    recipients: text.optional(),
    body_text: text.optional(),
    received_after: isoDate.optional(),
    received_before: isoDate.optional(),
    unread: z.boolean().optional(),
    flagged: z.boolean().optional(),
    has_attachments: z.boolean().optional(),
    importance: z.enum(["Low", "Normal", "High"]).optional(),
    categories: z.array(text).max(10).optional(),
    query: z.string().trim().max(1000).optional(),
    sort: z.enum(["newest", "oldest", "subject", "sender", "largest"]).default("newest"),
    max_results: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(10_000).default(0),
  }),
  output: withMailbox({
    total: z.number().int(),
    offset: z.number().int(),
    next_offset: z.number().int().optional(),
    emails: z.array(messageSummary),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const iso = (v: string | undefined) => (v ? toIso(v) : undefined);
    const page = await searchMessages(client, mailbox, {
      folder: args.folder,
      includeSubfolders: args.include_subfolders,
      subject: args.subject || undefined,
      sender: args.sender || undefined,
      recipients: args.recipients || undefined,
      bodyText: args.body_text || undefined,
      receivedAfter: iso(args.received_after),
      receivedBefore: iso(args.received_before),
      unread: args.unread,
      flagged: args.flagged,
      hasAttachments: args.has_attachments,
      importance: args.importance,
      categories: args.categories,
      query: args.query || undefined,
      ...SORTS[args.sort],
      offset: args.offset,
      maxResults: args.max_results,
    });
    return {
      total: page.total,
      offset: args.offset,
      ...(page.nextOffset !== undefined ? { next_offset: page.nextOffset } : {}),
      emails: page.messages.map((m) => summarize(m, 0)),
    };
  },
});
