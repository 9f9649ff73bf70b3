import { z } from "zod";
import {
  cancelMeeting,
  deleteAppointment as remove,
  getAppointment,
  respondToMeeting,
} from "../../ews/ops/calendar.ts";
import { CHANGES, defineTool, withMailbox, withTarget } from "../tool.ts";
import { eventId, scope } from "./shapes.ts";

export const deleteAppointment = defineTool({
  name: "delete_appointment",
  title: "Delete appointment",
  description:
    "Remove an event (an occurrence or the whole series). A meeting you organise is cancelled " +
    "and attendees are told (with an optional message); as an attendee you may decline it.",
  input: withTarget({
    event_id: eventId,
    scope,
    message: z.string().max(10_000).optional().describe("Text for the attendees or organiser."),
    decline: z.boolean().optional().describe("As an attendee: send the organiser a decline."),
  }),
  output: withMailbox({
    outcome: z.enum(["deleted", "cancelled", "declined"]),
    subject: z.string(),
  }),
  annotations: { ...CHANGES, openWorldHint: true },
  async handler(args, { client, mailbox }) {
    const event = await getAppointment(client, mailbox, args.event_id, {
      timeZoneId: "UTC",
      scope: args.scope,
    });
    const organiser = event.myResponse === "Organizer";
    if (event.isMeeting && organiser && !event.isCancelled) {
      // The series is cancelled through its master (GetItem above returned its id).
      await cancelMeeting(client, mailbox, event.id, args.message);
      return { outcome: "cancelled" as const, subject: event.subject };
    }
    if (event.isMeeting && !organiser && args.decline && !event.isCancelled) {
      await respondToMeeting(client, mailbox, event.id, "decline", {
        send: true,
        message: args.message,
      });
      return { outcome: "declined" as const, subject: event.subject };
    }
    await remove(client, mailbox, event.id, "occurrence", false);
    return { outcome: "deleted" as const, subject: event.subject };
  },
});
