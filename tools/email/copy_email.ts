import { z } from "zod";
import { moveOrCopyItems } from "../../ews/ops/item_updates.ts";
import { emailIds, itemOutcome, outcomeOf } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const copyEmail = defineTool({
  name: "copy_email",
  title: "Copy emails",
  description:
    "Copy messages into another folder in one request; originals stay, copies' ids are in new_id.",
  input: withTarget({
    email_ids: emailIds,
    folder: z.string().trim().min(1).max(512).describe("Well-known name, path or id."),
  }),
  output: withMailbox({ results: z.array(itemOutcome) }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox }) {
    const outcomes = await moveOrCopyItems(client, mailbox, "copy", args.email_ids, args.folder);
    return { results: outcomes.map(outcomeOf) };
  },
});
