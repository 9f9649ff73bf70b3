import { z } from "zod";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { sendResponseOnce } from "./send_response.ts";
import { addresses, emailId, idempotencyKey, outgoingBody, SENDS } from "./write_args.ts";

export const replyEmail = defineTool({
  name: "reply_email",
  title: "Reply to email",
  description:
    "Reply or reply-all to a message in its thread, your text above the quoted original; saved in Sent Items. Confirm first.",
  input: withTarget({
    email_id: emailId,
    ...outgoingBody,
    reply_all: z.boolean().default(false),
    cc: addresses.optional(),
    bcc: addresses.optional(),
    idempotency_key: idempotencyKey.optional(),
  }),
  output: withMailbox({
    sent: z.literal(true),
    duplicate: z.boolean().describe("Already sent with this key: not sent again."),
  }),
  annotations: SENDS,
  handler(args, context) {
    const request = {
      kind: args.reply_all ? "replyAll" as const : "reply" as const,
      itemId: args.email_id,
      body: args.body,
      bodyFormat: args.body_format,
      cc: args.cc,
      bcc: args.bcc,
    };
    return sendResponseOnce(context, args.idempotency_key, request);
  },
});
