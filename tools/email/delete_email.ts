import { z } from "zod";
import { deleteItems } from "../../ews/ops/item_updates.ts";
import { emailIds, itemOutcome, outcomeOf } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const deleteEmail = defineTool({
  name: "delete_email",
  title: "Delete emails",
  description: "Delete messages: to Deleted Items by default (recoverable), or permanently with " +
    "permanent=true (cannot be undone; confirm with the user first).",
  input: withTarget({ email_ids: emailIds, permanent: z.boolean().default(false) }),
  output: withMailbox({ results: z.array(itemOutcome) }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox }) {
    const mode = args.permanent ? "HardDelete" : "MoveToDeletedItems";
    const outcomes = await deleteItems(client, mailbox, args.email_ids, mode);
    return { results: outcomes.map(outcomeOf) };
  },
});
