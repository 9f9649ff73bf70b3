import { z } from "zod";
import { searchContacts as search } from "../../ews/ops/contacts.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { contactOutput, contactResult } from "./shapes.ts";

export const searchContacts = defineTool({
  name: "search_contacts",
  title: "Search contacts",
  description:
    "Personal contacts whose name, email or company contains the query (all when omitted), " +
    "by name, one page at a time. For people in the organisation use resolve_names.",
  input: withTarget({
    query: z.string().trim().max(255).optional(),
    folder: z.string().trim().min(1).max(512).optional(),
    max_results: z.number().int().min(1).max(100).optional(),
    offset: z.number().int().min(0).max(100_000).optional(),
  }),
  output: withMailbox({
    total: z.number().int(),
    offset: z.number().int(),
    next_offset: z.number().int().optional(),
    contacts: z.array(contactOutput),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const offset = args.offset ?? 0;
    const page = await search(client, mailbox, {
      text: args.query,
      folder: args.folder ?? "contacts",
      offset,
      maxResults: args.max_results ?? 25,
    });
    return {
      total: page.total,
      offset,
      ...(page.nextOffset !== undefined ? { next_offset: page.nextOffset } : {}),
      contacts: page.contacts.map((c) => contactResult(c, false)),
    };
  },
});
