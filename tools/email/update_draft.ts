import { z } from "zod";
import { updateDraft } from "../../ews/ops/responses.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { addresses, emailId } from "./write_args.ts";

export const updateDraftTool = defineTool({
  name: "update_draft",
  title: "Update draft",
  description:
    "Change a draft's subject, body, recipients or importance; omitted parts stay, given lists replace.",
  input: withTarget({
    draft_id: emailId,
    subject: z.string().max(255).optional(),
    body: z.string().max(4_000_000).optional(),
    body_format: z.enum(["text", "html"]).default("text"),
    to: addresses.optional(),
    cc: addresses.optional(),
    bcc: addresses.optional(),
    importance: z.enum(["Low", "Normal", "High"]).optional(),
  }).refine(
    (a) => [a.subject, a.body, a.to, a.cc, a.bcc, a.importance].some((v) => v !== undefined),
    "Nothing to change: give subject, body, to, cc, bcc or importance.",
  ),
  output: withMailbox({ draft_id: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox }) {
    const outcome = await updateDraft(client, mailbox, args.draft_id, {
      subject: args.subject,
      body: args.body,
      bodyFormat: args.body_format,
      to: args.to,
      cc: args.cc,
      bcc: args.bcc,
      importance: args.importance,
    });
    if (!outcome.ok) throw outcome.error;
    return { draft_id: outcome.newId ?? outcome.id };
  },
});
