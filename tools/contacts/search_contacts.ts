import { z } from "zod";
import { searchContacts as search } from "../../ews/ops/contacts.ts";
import { folderRef, pageInfo, paging } from "../shapes.ts";
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
    folder: folderRef.optional(),
    ...paging(25),
  }),
  output: withMailbox({
    ...pageInfo,
    contacts: z.array(contactOutput),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const offset = args.offset;
    const page = await search(client, mailbox, {
      text: args.query,
      folder: args.folder ?? "contacts",
      offset,
      maxResults: args.max_results,
    });
    return {
      total: page.total,
      offset,
      ...(page.nextOffset !== undefined ? { next_offset: page.nextOffset } : {}),
      contacts: page.contacts.map((c) => contactResult(c, false)),
    };
  },
});
