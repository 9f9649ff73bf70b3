import { z } from "zod";
import { getAppointment as fetchAppointment } from "../../ews/ops/calendar.ts";
import { clip, emailAddress } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { formatRrule } from "./rrule.ts";
import { eventId, eventSummary, scope, summarizeEvent } from "./shapes.ts";
import { timeZoneArg, zoneFor } from "./time.ts";

const attendee = emailAddress.extend({
  response: z.string().optional(),
  last_response_time: z.string().optional(),
});

export const getAppointment = defineTool({
  name: "get_appointment",
  title: "Get appointment",
  description:
    "One event in full: attendees and their responses, body, recurrence, online meeting link, " +
    "reminder. scope=series reads an occurrence's series.",
  input: withTarget({
    event_id: eventId,
    scope,
    time_zone: timeZoneArg,
    max_body_chars: z.number().int().min(100).max(1_000_000).optional(),
  }),
  output: withMailbox({
    time_zone: z.string(),
    event: eventSummary.extend({
      body: z.string().optional(),
      body_truncated: z.boolean().optional(),
      required_attendees: z.array(attendee).optional(),
      optional_attendees: z.array(attendee).optional(),
      resources: z.array(attendee).optional(),
      recurrence: z.string().optional().describe("RRULE."),
      start_time_zone: z.string().optional().describe("Windows zone the series keeps its time in."),
      online_meeting_url: z.string().optional(),
      reminder_minutes: z.number().optional(),
      importance: z.string().optional(),
    }),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const e = await fetchAppointment(client, mailbox, args.event_id, {
      timeZoneId: zone.windows,
      scope: args.scope,
    });
    const body = e.body?.content ? clip(e.body.content, args.max_body_chars ?? 20_000) : undefined;
    const people = (list: typeof e.requiredAttendees) =>
      list.map((a) => ({
        ...(a.name ? { name: a.name } : {}),
        email: a.email,
        ...(a.response ? { response: a.response } : {}),
        ...(a.lastResponseTime ? { last_response_time: a.lastResponseTime } : {}),
      }));
    return {
      time_zone: zone.iana,
      event: {
        ...summarizeEvent(e, zone),
        ...(body ? { body: body.text, ...(body.truncated ? { body_truncated: true } : {}) } : {}),
        ...(e.requiredAttendees.length ? { required_attendees: people(e.requiredAttendees) } : {}),
        ...(e.optionalAttendees.length ? { optional_attendees: people(e.optionalAttendees) } : {}),
        ...(e.resources.length ? { resources: people(e.resources) } : {}),
        ...(e.recurrence ? { recurrence: formatRrule(e.recurrence) } : {}),
        ...(e.recurrence && e.startTimeZone ? { start_time_zone: e.startTimeZone } : {}),
        ...(e.onlineMeetingUrl ? { online_meeting_url: e.onlineMeetingUrl } : {}),
        ...(e.reminderIsSet && e.reminderMinutes !== undefined
          ? { reminder_minutes: e.reminderMinutes }
          : {}),
        ...(e.importance && e.importance !== "Normal" ? { importance: e.importance } : {}),
      },
    };
  },
});
