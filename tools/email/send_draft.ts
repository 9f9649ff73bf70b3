import { z } from "zod";
import { sendDraft } from "../../ews/ops/responses.ts";
import { sendOnce } from "../idempotency.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { emailId, idempotencyKey, SENDS } from "./write_args.ts";

export const sendDraftTool = defineTool({
  name: "send_draft",
  title: "Send draft",
  description:
    "Send a draft as it is; it moves to Sent Items. Confirm with the user before sending.",
  input: withTarget({ draft_id: emailId, idempotency_key: idempotencyKey }),
  output: withMailbox({ sent: z.literal(true), duplicate: z.boolean() }),
  annotations: SENDS,
  handler(args, { client, mailbox }) {
    return sendOnce(
      { mailbox: mailbox.mailbox, key: args.idempotency_key, content: { draft: args.draft_id } },
      async () => {
        await sendDraft(client, mailbox, args.draft_id);
        return { sent: true as const };
      },
    );
  },
});
