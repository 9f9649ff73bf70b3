import { z } from "zod";
import { respondToMessage } from "../../ews/ops/responses.ts";
import { findMarkedCopies } from "../../ews/ops/sent_marks.ts";
import { sendOnce } from "../idempotency.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { addresses, emailId, idempotencyKey, outgoingBody, SENDS } from "./write_args.ts";

export const forwardEmail = defineTool({
  name: "forward_email",
  title: "Forward email",
  description:
    "Forward a message with its attachments, your text above it; saved in Sent Items. Confirm recipients first.",
  input: withTarget({
    email_id: emailId,
    to: addresses.min(1, "At least one recipient in `to` is required."),
    cc: addresses.optional(),
    bcc: addresses.optional(),
    ...outgoingBody,
    body: outgoingBody.body.default(""),
    idempotency_key: idempotencyKey.optional(),
  }),
  output: withMailbox({ sent: z.literal(true), duplicate: z.boolean() }),
  annotations: SENDS,
  handler(args, { client, mailbox }) {
    const request = {
      kind: "forward" as const,
      itemId: args.email_id,
      body: args.body,
      bodyFormat: args.body_format,
      to: args.to,
      cc: args.cc,
      bcc: args.bcc,
      draft: false,
    };
    return sendOnce(
      {
        mailbox: mailbox.mailbox,
        key: args.idempotency_key,
        content: request,
        scope: client,
        sentItems: {
          find: (key) => findMarkedCopies(client, mailbox, key),
          rebuild: () => ({ sent: true as const }),
        },
      },
      async (mark) => {
        await respondToMessage(client, mailbox, request, mark);
        return { sent: true as const };
      },
    );
  },
});
