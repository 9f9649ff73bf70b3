import { z } from "zod";
import { createDraft, respondToMessage } from "../../ews/ops/responses.ts";
import { EwsError } from "../../ews/errors.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { addresses, emailId, outgoingBody } from "./write_args.ts";

export const createDraftTool = defineTool({
  name: "create_draft",
  title: "Create draft",
  description:
    "Save a new message in Drafts, or (respond_to_id) a reply, reply-all or forward draft; then update_draft or send_draft.",
  input: withTarget({
    to: addresses.optional(),
    cc: addresses.optional(),
    bcc: addresses.optional(),
    subject: z.string().max(255).default(""),
    ...outgoingBody,
    body: outgoingBody.body.default(""),
    importance: z.enum(["Low", "Normal", "High"]).optional(),
    respond_to_id: emailId.optional(),
    response: z.enum(["reply", "reply_all", "forward"]).default("reply"),
  }),
  output: withMailbox({ draft_id: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox }) {
    if (!args.respond_to_id) {
      const id = await createDraft(client, mailbox, {
        to: args.to,
        cc: args.cc,
        bcc: args.bcc,
        subject: args.subject,
        body: args.body,
        bodyFormat: args.body_format,
        importance: args.importance,
      });
      return { draft_id: id };
    }
    const { draftId } = await respondToMessage(client, mailbox, {
      kind: args.response === "reply_all" ? "replyAll" : args.response,
      itemId: args.respond_to_id,
      body: args.body,
      bodyFormat: args.body_format,
      to: args.to,
      cc: args.cc,
      bcc: args.bcc,
      draft: true,
    });
    if (!draftId) throw new EwsError("Exchange returned no draft id", { kind: "server" });
    return { draft_id: draftId };
  },
});
