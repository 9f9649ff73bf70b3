import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { updateContact as update } from "../../ews/ops/contacts.ts";
import { defineTool, OVERWRITES, withMailbox, withTarget } from "../tool.ts";
import { contactChanges, contactFields } from "./shapes.ts";

export const updateContact = defineTool({
  name: "update_contact",
  title: "Update contact",
  description:
    "Change a personal contact; given fields replace old ones (phones, addresses per kind); " +
    '"" or [] clears.',
  input: withTarget({
    contact_id: z.string().trim().min(1).max(1024),
    ...contactFields,
  }),
  output: withMailbox({ id: z.string(), updated_fields: z.array(z.string()) }),
  annotations: OVERWRITES,
  async handler(args, { client, mailbox }) {
    const { contact_id, target_mailbox: _, ...fields } = args;
    const given = Object.keys(fields).filter((k) =>
      (fields as Record<string, unknown>)[k] !== undefined
    );
    if (given.length === 0) {
      throw new EwsError("Nothing to change", { kind: "invalid_input" });
    }
    const result = await update(client, mailbox, contact_id, contactChanges(fields));
    return { id: result.id, updated_fields: given };
  },
});
