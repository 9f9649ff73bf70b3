import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { createContact as create } from "../../ews/ops/contacts.ts";
import { ADDS, defineTool, withMailbox, withTarget } from "../tool.ts";
import { contactFields, newContact } from "./shapes.ts";

export const createContact = defineTool({
  name: "create_contact",
  title: "Create contact",
  description:
    "Add a personal contact (a name is required; up to 3 emails; phones and addresses by kind).",
  input: withTarget({ ...contactFields, folder: z.string().trim().min(1).max(512).optional() }),
  output: withMailbox({ id: z.string(), display_name: z.string() }),
  annotations: ADDS,
  async handler(args, { client, mailbox }) {
    const contact = newContact(args);
    if (!contact.displayName) {
      throw new EwsError("A contact needs a name", {
        kind: "invalid_input",
        hint: "Give display_name, given_name or surname.",
      });
    }
    const { id } = await create(client, mailbox, args.folder ?? "contacts", contact);
    return { id, display_name: contact.displayName };
  },
});
