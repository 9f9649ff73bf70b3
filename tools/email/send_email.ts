import { z } from "zod";
import { sendMessage, sentCopyContext } from "../../ews/ops/items.ts";
import { findMarked } from "../../ews/ops/idempotency_marks.ts";
import { attachmentFingerprint, attachmentsInput, loadAttachments } from "../attachments/input.ts";
import { sendOnce } from "../idempotency.ts";
import { bodyFormat, idempotencyKey, importance, recipientList } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const sendEmail = defineTool({
  name: "send_email",
  title: "Send email",
  description: "Send a message, with attachments if given; a copy is kept in Sent Items. As a " +
    "delegate it goes out on behalf of the mailbox. Confirm recipients and content " +
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
    attachments: attachmentsInput.optional(),
    idempotency_key: idempotencyKey.optional(),
  }),
  output: withMailbox({
    sent: z.literal(true),
    recipients: z.number().int().describe("Distinct addresses the message went to."),
    saved_to: z.literal("sentitems"),
    on_behalf_of: z.string().optional().describe(
      "Delegate access: sent on behalf of this mailbox (From); the service account is Sender " +
        "and keeps the copy.",
    ),
    attachments: z.number().int().optional(),
    duplicate: z.boolean().describe("True when the idempotency_key was used: nothing was sent."),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler(args, { client, mailbox, files }) {
    // Files are read before anything is sent: a missing file fails the call, sends nothing.
    const attachments = await loadAttachments(args.attachments, files);
    const message = {
      to: args.to,
      cc: args.cc,
      bcc: args.bcc,
      subject: args.subject,
      body: args.body,
      bodyFormat: args.body_format,
      importance: args.importance,
    };
    const onBehalf = mailbox.access === "delegate";
    const sent = () => ({
      sent: true as const,
      recipients: new Set([...args.to, ...args.cc, ...args.bcc].map((a) => a.toLowerCase())).size,
      saved_to: "sentitems" as const,
      ...(onBehalf ? { on_behalf_of: mailbox.mailbox } : {}),
      ...(attachments.length ? { attachments: attachments.length } : {}),
    });
    const copies = sentCopyContext(client, mailbox);
    return await sendOnce(
      {
        mailbox: mailbox.mailbox,
        key: args.idempotency_key,
        content: { ...message, attachments: attachmentFingerprint(attachments) },
        scope: client,
        lookup: copies &&
          { find: (key) => findMarked(client, copies, "sentitems", key), rebuild: sent },
      },
      async (mark) => {
        await sendMessage(client, mailbox, { ...message, attachments }, mark);
        return sent();
      },
    );
  },
});
