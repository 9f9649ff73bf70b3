import { z } from "zod";
import { listMessages } from "../../ews/ops/items.ts";
import { folderRef, maxBodyChars, messageSummary, pageInfo, paging, summarize } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { messageTable } from "../view.ts";

export const readEmails = defineTool({
  name: "read_emails",
  title: "Read emails",
  description: "List the messages of a folder, newest first, a page at a time, with a short " +
    "preview each. Read one in full with get_email_details.",
  input: withTarget({
    folder: folderRef.default("inbox"),
    ...paging(10, 100),
    unread_only: z.boolean().default(false),
    include_body: z.boolean().default(false).describe(
      "Text bodies instead of previews, each cut at max_body_chars.",
    ),
    max_body_chars: maxBodyChars(2000, 100_000),
  }),
  output: withMailbox({
    folder: z.string(),
    ...pageInfo,
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
  // The folder and mailbox are said once, the messages are a table.
  view: (result) => ({
    ...result,
    offset: result.offset || undefined,
    emails: messageTable(result.emails, result.mailbox),
  }),
});
