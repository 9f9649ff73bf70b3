import { z } from "zod";
import { sendDrafts } from "../../ews/ops/responses.ts";
import { sendOnce } from "../idempotency.ts";
import { emailIds, itemOutcome, outcomeOf } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { idempotencyKey, SENDS } from "./write_args.ts";

export const sendDraftTool = defineTool({
  name: "send_draft",
  title: "Send drafts",
  description:
    "Send drafts as they are, in one request; they move to Sent Items. Results per id. Confirm " +
    "with the user before sending.",
  input: withTarget({ draft_ids: emailIds, idempotency_key: idempotencyKey.optional() }),
  output: withMailbox({ results: z.array(itemOutcome), duplicate: z.boolean() }),
  annotations: SENDS,
  handler(args, { client, mailbox }) {
    return sendOnce(
      { mailbox: mailbox.mailbox, key: args.idempotency_key, content: { drafts: args.draft_ids } },
      async () => ({ results: (await sendDrafts(client, mailbox, args.draft_ids)).map(outcomeOf) }),
    );
  },
});
