import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { getAvailability } from "../../ews/ops/availability.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { address } from "./shapes.ts";
import { parseTime, timeInput, timePair, timeZoneArg, zoneFor } from "./time.ts";

const MAX_RANGE_DAYS = 42;

export const checkAvailability = defineTool({
  name: "check_availability",
  title: "Check availability",
  description:
    "Free/busy and working hours of up to 100 people or rooms over a time range (max 42 days). " +
    "Subjects of busy times show only where you have access.",
  input: withTarget({
    emails: z.array(address).min(1).max(100),
    start: timeInput,
    end: timeInput,
    time_zone: timeZoneArg,
    interval_minutes: z.number().int().min(5).max(1440).optional().describe(
      "Slot length of free_busy (default 30).",
    ),
  }),
  output: withMailbox({
    time_zone: z.string(),
    people: z.array(z.object({
      email: z.string(),
      error: z.string().optional(),
      free_busy: z.string().optional().describe(
        "One digit per interval from start: 0 free, 1 tentative, 2 busy, 3 away, 4 no data.",
      ),
      busy: z.array(z.object({
        start: z.string(),
        start_utc: z.string(),
        end: z.string(),
        end_utc: z.string(),
        status: z.string(),
        subject: z.string().optional(),
        location: z.string().optional(),
      })),
      working_hours: z.object({
        days: z.array(z.string()),
        start: z.string().describe("HH:MM in the person's own zone."),
        end: z.string(),
        utc_offset_minutes: z.number().describe("The person's standard-time offset."),
        dst_offset_minutes: z.number().optional(),
      }).optional(),
    })),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const start = parseTime(args.start, zone);
    const end = parseTime(args.end, zone);
    if (end <= start) throw new EwsError("end must be after start", { kind: "invalid_input" });
    if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new EwsError(`The range is longer than ${MAX_RANGE_DAYS} days`, {
        kind: "invalid_input",
      });
    }
    const { people } = await getAvailability(client, mailbox, {
      attendees: args.emails.map((email) => ({ email, type: "Required" as const })),
      start,
      end,
      freeBusy: { intervalMinutes: args.interval_minutes ?? 30 },
    });
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    return {
      time_zone: zone.iana,
      people: people.map((p) => ({
        email: p.email,
        ...(p.error ? { error: p.error } : {}),
        ...(p.merged ? { free_busy: p.merged } : {}),
        busy: p.busy.map((b) => ({
          ...timePair("start", b.start, zone),
          ...timePair("end", b.end, zone),
          status: b.status,
          ...(b.subject ? { subject: b.subject } : {}),
          ...(b.location ? { location: b.location } : {}),
        })),
        ...(p.workingHours
          ? {
            working_hours: {
              days: p.workingHours.days,
              start: hhmm(p.workingHours.startMinutes),
              end: hhmm(p.workingHours.endMinutes),
              utc_offset_minutes: p.workingHours.standardOffsetMinutes,
              ...(p.workingHours.daylightOffsetMinutes !== undefined
                ? { dst_offset_minutes: p.workingHours.daylightOffsetMinutes }
                : {}),
            },
          }
          : {}),
      })),
    };
  },
});
