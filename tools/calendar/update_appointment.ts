import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { type AppointmentChange, updateAppointment as update } from "../../ews/ops/calendar.ts";
import { dateInZone } from "../../ews/timezones.ts";
import { CHANGES, defineTool, withMailbox, withTarget } from "../tool.ts";
import { parseRrule } from "./rrule.ts";
import { address, eventId, isHtml, recurrence, scope } from "./shapes.ts";
import { parseTime, timeInput, timeZoneArg, zoneFor } from "./time.ts";

export const updateAppointment = defineTool({
  name: "update_appointment",
  title: "Update appointment",
  description:
    "Change an event, or its series with scope=series. Given fields replace old values " +
    "(attendee lists too); null clears. Attendees are told.",
  input: withTarget({
    event_id: eventId,
    scope,
    time_zone: timeZoneArg,
    subject: z.string().max(255).optional(),
    start: timeInput.optional(),
    end: timeInput.optional(),
    location: z.string().max(255).nullable().optional(),
    body: z.string().max(1_000_000).optional(),
    required_attendees: z.array(address).max(500).optional(),
    optional_attendees: z.array(address).max(500).optional(),
    resources: z.array(address).max(100).optional(),
    reminder_minutes: z.number().int().min(-1).max(40_320).optional(),
    categories: z.array(z.string().max(255)).max(50).optional(),
    private: z.boolean().optional(),
    show_as: z.enum(["Free", "Tentative", "Busy", "OOF", "WorkingElsewhere"]).optional(),
    recurrence: recurrence.nullable().optional(),
  }),
  output: withMailbox({
    id: z.string(),
    updated_fields: z.array(z.string()),
  }),
  annotations: { ...CHANGES, openWorldHint: true },
  async handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const changes: AppointmentChange[] = [];
    if (args.subject !== undefined) changes.push({ field: "subject", value: args.subject });
    const start = args.start !== undefined ? parseTime(args.start, zone) : undefined;
    const end = args.end !== undefined ? parseTime(args.end, zone) : undefined;
    if (start && end && end <= start) {
      throw new EwsError("end must be after start", { kind: "invalid_input" });
    }
    if (start) changes.push({ field: "start", value: start });
    if (end) changes.push({ field: "end", value: end });
    if ((start || end) && args.scope === "series") {
      changes.push({ field: "timeZone", value: zone.windows });
    }
    if (args.location !== undefined) changes.push({ field: "location", value: args.location });
    if (args.body !== undefined) {
      changes.push({
        field: "body",
        value: args.body,
        format: isHtml(args.body) ? "html" : "text",
      });
    }
    if (args.required_attendees) {
      changes.push({ field: "requiredAttendees", value: args.required_attendees });
    }
    if (args.optional_attendees) {
      changes.push({ field: "optionalAttendees", value: args.optional_attendees });
    }
    if (args.resources) changes.push({ field: "resources", value: args.resources });
    if (args.reminder_minutes !== undefined) {
      changes.push({ field: "reminderMinutes", value: args.reminder_minutes });
    }
    if (args.categories) changes.push({ field: "categories", value: args.categories });
    if (args.private !== undefined) {
      changes.push({ field: "sensitivity", value: args.private ? "Private" : "Normal" });
    }
    if (args.show_as) changes.push({ field: "showAs", value: args.show_as });
    if (args.recurrence !== undefined) {
      if (args.scope !== "series") {
        throw new EwsError("recurrence can only change with scope=series", {
          kind: "invalid_input",
        });
      }
      if (args.recurrence !== null && !start) {
        throw new EwsError("Give start with a new recurrence (the series' first occurrence)", {
          kind: "invalid_input",
        });
      }
      changes.push({
        field: "recurrence",
        value: args.recurrence === null
          ? null
          : parseRrule(args.recurrence, dateInZone(start!, zone.iana)),
      });
    }
    if (changes.length === 0) {
      throw new EwsError("Nothing to change", {
        kind: "invalid_input",
        hint: "Pass at least one field to update.",
      });
    }
    const result = await update(client, mailbox, args.event_id, args.scope, changes, zone.windows);
    return {
      id: result.id,
      updated_fields: [...new Set(changes.map((c) => c.field))],
    };
  },
});
