import { z } from "zod";
import { deleteOneItem } from "../../ews/ops/one_item.ts";
import { CHANGES, defineTool, withMailbox, withTarget } from "../tool.ts";

export const deleteContact = defineTool({
  name: "delete_contact",
  title: "Delete contact",
  description:
    "Delete a personal contact by its id from search_contacts; it moves to Deleted Items.",
  input: withTarget({ contact_id: z.string().trim().min(1).max(1024) }),
  output: withMailbox({ deleted: z.literal(true) }),
  annotations: CHANGES,
  async handler(args, { client, mailbox }) {
    await deleteOneItem(client, mailbox, args.contact_id);
    return { deleted: true as const };
  },
});
