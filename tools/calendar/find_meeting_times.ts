import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { getAvailability } from "../../ews/ops/availability.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { address } from "./shapes.ts";
import { parseTime, timeInput, timePair, timeZoneArg, zoneFor } from "./time.ts";

export const findMeetingTimes = defineTool({
  name: "find_meeting_times",
  title: "Find meeting times",
  description:
    "Suggested meeting times for attendees (and rooms) in a window of up to 42 days, inside " +
    "everyone's working hours, with their quality.",
  input: withTarget({
    attendees: z.array(address).min(1).max(100),
    rooms: z.array(address).max(10).optional(),
    duration_minutes: z.number().int().min(5).max(1440),
    start: timeInput,
    end: timeInput,
    time_zone: timeZoneArg,
    max_per_day: z.number().int().min(1).max(48).optional(),
    minimum_quality: z.enum(["Excellent", "Good", "Fair", "Poor"]).optional().describe(
      "Excellent: everyone free; Good (default): few conflicts.",
    ),
  }),
  output: withMailbox({
    time_zone: z.string(),
    suggestions: z.array(z.object({
      start: z.string(),
      start_utc: z.string(),
      end: z.string(),
      end_utc: z.string(),
      quality: z.string(),
      busy: z.array(z.string()).optional().describe("Attendees with a conflict."),
    })),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const start = parseTime(args.start, zone);
    const end = parseTime(args.end, zone);
    if (end <= start) throw new EwsError("end must be after start", { kind: "invalid_input" });
    if (end.getTime() - start.getTime() > 42 * 86_400_000) {
      throw new EwsError("The window is longer than 42 days", { kind: "invalid_input" });
    }
    const { suggestions } = await getAvailability(client, mailbox, {
      attendees: [
        ...args.attendees.map((email) => ({ email, type: "Required" as const })),
        ...(args.rooms ?? []).map((email) => ({ email, type: "Room" as const })),
      ],
      start,
      end,
      suggestions: {
        durationMinutes: args.duration_minutes,
        maxPerDay: args.max_per_day ?? 5,
        minimumQuality: args.minimum_quality ?? "Good",
      },
    });
    return {
      time_zone: zone.iana,
      suggestions: suggestions.map((s) => {
        const busy = s.conflicts.filter((c) => c.status === "Busy" || c.status === "OOF")
          .map((c) => c.email);
        return {
          ...timePair("start", s.start, zone),
          ...timePair("end", new Date(s.start.getTime() + args.duration_minutes * 60_000), zone),
          quality: s.quality,
          ...(busy.length ? { busy } : {}),
        };
      }),
    };
  },
});
