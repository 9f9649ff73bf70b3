import { z } from "zod";
import { getContact as fetchContact } from "../../ews/ops/contacts.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { contactOutput, contactResult } from "./shapes.ts";

export const getContact = defineTool({
  name: "get_contact",
  title: "Get contact",
  description: "One personal contact in full: names, emails, phones, company, job title, postal " +
    "addresses, birthday, notes.",
  input: withTarget({ contact_id: z.string().trim().min(1).max(1024) }),
  output: withMailbox({ contact: contactOutput }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    return { contact: contactResult(await fetchContact(client, mailbox, args.contact_id), true) };
  },
});
