import { z } from "zod";
import { respondToMeeting as respond } from "../../ews/ops/calendar.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const respondToMeeting = defineTool({
  name: "respond_to_meeting",
  title: "Respond to meeting",
  description:
    "Accept, tentatively accept or decline a meeting: the invitation's id (read_emails) or the " +
    "event's (get_calendar). The organiser is told unless send_response is false.",
  input: withTarget({
    id: z.string().trim().min(1).max(1024),
    response: z.enum(["accept", "tentative", "decline"]),
    send_response: z.boolean().optional(),
    message: z.string().max(10_000).optional(),
  }),
  output: withMailbox({
    response: z.enum(["accept", "tentative", "decline"]),
    sent: z.boolean(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler(args, { client, mailbox }) {
    const send = args.send_response ?? true;
    await respond(client, mailbox, args.id, args.response, { send, message: args.message });
    return { response: args.response, sent: send };
  },
});
