import { z } from "zod";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { sendResponseOnce } from "./send_response.ts";
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
  handler(args, context) {
    const request = {
      kind: "forward" as const,
      itemId: args.email_id,
      body: args.body,
      bodyFormat: args.body_format,
      to: args.to,
      cc: args.cc,
      bcc: args.bcc,
    };
    return sendResponseOnce(context, args.idempotency_key, request);
  },
});
