import { z } from "zod";
import { sendMessage } from "../../ews/ops/items.ts";
import { attachmentFingerprint, attachmentsInput, loadAttachments } from "../attachments/input.ts";
import { sendOnce } from "../idempotency.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

const address = z.email({ error: (issue) => `Not a valid email address: ${String(issue.input)}` });
const addressList = (what: string) =>
  z.array(address).max(500).describe(`${what} recipients (SMTP addresses).`);

const resultShape = {
  sent: z.literal(true),
  recipients: z.number().int().describe("How many addresses the message went to."),
  saved_to: z.literal("sentitems").describe(
    "Where the sent copy was saved (the service account's own when on_behalf_of is set).",
  ),
  on_behalf_of: z.string().optional().describe(
    "Delegate access: sent by the service account on behalf of this mailbox (From), itself " +
      "named as Sender.",
  ),
  attachments: z.number().int().optional().describe("How many files were attached."),
  duplicate: z.boolean().describe(
    "True when this idempotency_key was already sent: nothing was sent again.",
  ),
};

export const sendEmail = defineTool({
  name: "send_email",
  title: "Send email",
  description:
    "Send an email from the mailbox (to, cc, bcc; text or HTML body; importance; attachments). A copy " +
    "is saved in Sent Items. Pass an idempotency_key when you might retry: a repeated call with " +
    "the same key does not send again. Confirm recipients and content with the user first.",
  input: withTarget({
    to: addressList("To").min(1, "At least one recipient in `to` is required."),
    cc: addressList("Cc").default([]),
    bcc: addressList("Bcc").default([]),
    subject: z.string().max(255).describe("Subject line (up to 255 characters)."),
    body: z.string().max(4_000_000).describe("Message body."),
    body_format: z.enum(["text", "html"]).default("text").describe("Whether body is text or HTML."),
    importance: z.enum(["Low", "Normal", "High"]).default("Normal"),
    attachments: attachmentsInput.optional(),
    idempotency_key: z.string().trim().min(1).max(200).optional().describe(
      "Any unique string for this message; retries with the same key are not sent twice.",
    ),
  }),
  output: withMailbox(resultShape),
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
    return await sendOnce(
      {
        mailbox: mailbox.mailbox,
        key: args.idempotency_key,
        content: { ...message, attachments: attachmentFingerprint(attachments) },
      },
      async () => {
        await sendMessage(client, mailbox, { ...message, attachments });
        return {
          sent: true as const,
          recipients: new Set([...args.to, ...args.cc, ...args.bcc].map((a) => a.toLowerCase()))
            .size,
          saved_to: "sentitems" as const,
          ...(onBehalf ? { on_behalf_of: mailbox.mailbox } : {}),
          ...(attachments.length ? { attachments: attachments.length } : {}),
        };
      },
    );
  },
});
