import { z } from "zod";
import { respondToMeeting as respond } from "../../ews/ops/calendar.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const respondToMeeting = defineTool({
  name: "respond_to_meeting",
  title: "Respond to meeting",
  description:
    "Accept, tentatively accept or decline a meeting: the invitation's id (read_emails) or the " +
    "event's (get_calendar). The organiser is told unless send_response is false (then nothing " +
    "is sent and no draft is kept).",
  input: withTarget({
    id: z.string().trim().min(1).max(1024),
    response: z.enum(["accept", "tentative", "decline"]),
    send_response: z.boolean().optional(),
    message: z.string().max(10_000).optional(),
  }),
  output: withMailbox({
    response: z.enum(["accept", "tentative", "decline"]),
    sent: z.boolean(),
    /** Only if the unsent response could not be removed from Drafts. */
    draft_id: z.string().optional(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler(args, { client, mailbox }) {
    const send = args.send_response ?? true;
    const { draftId } = await respond(client, mailbox, args.id, args.response, {
      send,
      message: args.message,
    });
    return { response: args.response, sent: send, ...(draftId ? { draft_id: draftId } : {}) };
  },
});
