import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { createAppointment as create } from "../../ews/ops/calendar.ts";
import { findMarked } from "../../ews/ops/idempotency_marks.ts";
import { dateInZone } from "../../ews/timezones.ts";
import { sendOnce } from "../idempotency.ts";
import { ADDS, defineTool, withMailbox, withTarget } from "../tool.ts";
import { parseRrule } from "./rrule.ts";
import { address, isHtml, recurrence } from "./shapes.ts";
import { parseDay, parseTime, timeInput, timePair, timeZoneArg, zoneFor } from "./time.ts";

const people = z.array(address).max(500).optional();

export const createAppointment = defineTool({
  name: "create_appointment",
  title: "Create appointment",
  description:
    "Create an event; with attendees or resources (rooms) invitations go out. all_day: " +
    "dates, end = last day.",
  input: withTarget({
    subject: z.string().max(255),
    start: timeInput,
    end: timeInput,
    all_day: z.boolean().optional(),
    time_zone: timeZoneArg,
    location: z.string().max(255).optional(),
    body: z.string().max(1_000_000).optional().describe("HTML if it starts with <."),
    required_attendees: people,
    optional_attendees: people,
    resources: people,
    reminder_minutes: z.number().int().min(-1).max(40_320).optional().describe("-1: none."),
    categories: z.array(z.string().max(255)).max(50).optional(),
    private: z.boolean().optional(),
    show_as: z.enum(["Free", "Tentative", "Busy", "OOF", "WorkingElsewhere"]).optional(),
    recurrence: recurrence.optional().describe(
      "RRULE, e.g. FREQ=WEEKLY;BYDAY=MO;UNTIL=20301231; keeps local time across DST.",
    ),
    idempotency_key: z.string().trim().max(200).optional(),
  }),
  output: withMailbox({
    id: z.string(),
    is_meeting: z.boolean(),
    time_zone: z.string(),
    start: z.string(),
    start_utc: z.string(),
    end: z.string(),
    end_utc: z.string(),
    duplicate: z.boolean(),
  }),
  annotations: { ...ADDS, openWorldHint: true },
  handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const allDay = args.all_day ?? false;
    const start = allDay ? parseDay(args.start, zone) : parseTime(args.start, zone);
    const end = allDay ? parseDay(args.end, zone, 1) : parseTime(args.end, zone);
    if (end < start || (!allDay && end.getTime() === start.getTime())) {
      throw new EwsError("end must be after start", { kind: "invalid_input" });
    }
    const appointment = {
      subject: args.subject,
      start,
      end,
      isAllDay: allDay,
      timeZoneId: zone.windows,
      location: args.location,
      body: args.body,
      bodyFormat: isHtml(args.body) ? "html" as const : "text" as const,
      required: args.required_attendees ?? [],
      optional: args.optional_attendees ?? [],
      resources: args.resources ?? [],
      reminderMinutes: args.reminder_minutes,
      categories: args.categories ?? [],
      sensitivity: args.private ? "Private" as const : undefined,
      showAs: args.show_as,
      recurrence: args.recurrence !== undefined
        ? parseRrule(args.recurrence, dateInZone(start, zone.iana))
        : undefined,
    };
    const isMeeting = appointment.required.length + appointment.optional.length +
        appointment.resources.length > 0;
    const result = (id: string) => ({
      id,
      is_meeting: isMeeting,
      time_zone: zone.iana,
      ...timePair("start", start, zone),
      ...timePair("end", end, zone),
    });
    // With or without attendees: a retry must neither invite twice nor create a second event.
    // The mark is on the calendar item (in the mailbox's Calendar, also as a delegate), so a
    // server that does not know the key finds the earlier one there.
    return sendOnce(
      {
        mailbox: mailbox.mailbox,
        key: args.idempotency_key,
        content: appointment,
        scope: client,
        lookup: {
          place: "the calendar",
          find: (key) => findMarked(client, mailbox, "calendar", key),
          rebuild: (found) => result(found[0].id),
        },
      },
      async (mark) => result((await create(client, mailbox, "calendar", appointment, mark)).id),
    );
  },
});
