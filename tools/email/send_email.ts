import { z } from "zod";
import { sendMessage } from "../../ews/ops/items.ts";
import { sendOnce } from "../idempotency.ts";
import { bodyFormat, idempotencyKey, importance, recipientList } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const sendEmail = defineTool({
  name: "send_email",
  title: "Send email",
  description: "Send a message; a copy is kept in Sent Items. Confirm recipients and content " +
    "with the user first. When you might retry, pass an idempotency_key (any unique string): " +
    "a call repeated with it never sends twice.",
  input: withTarget({
    to: recipientList.min(1, "At least one recipient in `to` is required."),
    cc: recipientList.default([]),
    bcc: recipientList.default([]),
    subject: z.string().max(255),
    body: z.string().max(4_000_000),
    body_format: bodyFormat.default("text"),
    importance: importance.default("Normal"),
    idempotency_key: idempotencyKey.optional(),
  }),
  output: withMailbox({
    sent: z.literal(true),
    recipients: z.number().int().describe("Distinct addresses the message went to."),
    saved_to: z.literal("sentitems"),
    duplicate: z.boolean().describe("True when the idempotency_key was used: nothing was sent."),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  handler(args, { client, mailbox }) {
    const message = {
      to: args.to,
      cc: args.cc,
      bcc: args.bcc,
      subject: args.subject,
      body: args.body,
      bodyFormat: args.body_format,
      importance: args.importance,
    };
    return sendOnce(
      { mailbox: mailbox.mailbox, key: args.idempotency_key, content: message },
      async () => {
        await sendMessage(client, mailbox, message);
        return {
          sent: true as const,
          recipients: new Set([...args.to, ...args.cc, ...args.bcc].map((a) => a.toLowerCase()))
            .size,
          saved_to: "sentitems" as const,
        };
      },
    );
  },
});
