import { z } from "zod";
import { sendDrafts } from "../../ews/ops/responses.ts";
import { findMarked } from "../../ews/ops/idempotency_marks.ts";
import { sendOnce } from "../idempotency.ts";
import { emailIds, itemOutcome, outcomeOf } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { idempotencyKey, SENDS } from "./write_args.ts";

const NOT_SENT = "Not sent by the earlier call with this idempotency_key; send it with a new key.";

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
      {
        mailbox: mailbox.mailbox,
        key: args.idempotency_key,
        content: { drafts: args.draft_ids },
        scope: client,
        lookup: {
          find: (key) => findMarked(client, mailbox, "sentitems", key),
          // Each copy names its draft by position; a draft without one was not sent back then.
          rebuild: (found) => {
            const sent = new Set(found.map((copy) => copy.part));
            return {
              results: args.draft_ids.map((id, i) =>
                sent.has(i) ? { id, ok: true } : { id, ok: false, error: NOT_SENT }
              ),
            };
          },
        },
      },
      async (mark) => ({
        results: (await sendDrafts(client, mailbox, args.draft_ids, mark)).map(outcomeOf),
      }),
    );
  },
});
