import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { calendarView } from "../../ews/ops/calendar.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { eventSummary, summarizeEvent } from "./shapes.ts";
import { parseTime, timeInput, timeZoneArg, zoneFor } from "./time.ts";

const MAX_RANGE_DAYS = 731;

export const getCalendar = defineTool({
  name: "get_calendar",
  title: "Get calendar",
  description:
    "Events between two times, series expanded into occurrences, in start order; any calendar " +
    "folder, shared calendars via target_mailbox.",
  input: withTarget({
    start: timeInput,
    end: timeInput,
    time_zone: timeZoneArg,
    folder: z.string().trim().min(1).max(512).optional(),
    max_results: z.number().int().min(1).max(200).optional(),
    offset: z.number().int().min(0).max(10_000).optional(),
  }),
  output: withMailbox({
    time_zone: z.string(),
    offset: z.number().int(),
    next_offset: z.number().int().optional(),
    events: z.array(eventSummary),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const start = parseTime(args.start, zone);
    const end = parseTime(args.end, zone);
    if (end <= start) {
      throw new EwsError("end must be after start", { kind: "invalid_input" });
    }
    if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new EwsError("The range is longer than two years", {
        kind: "invalid_input",
        hint: "Ask for a shorter range.",
      });
    }
    const offset = args.offset ?? 0;
    const view = await calendarView(client, mailbox, {
      folder: args.folder ?? "calendar",
      start,
      end,
      maxEntries: offset + (args.max_results ?? 50),
      timeZoneId: zone.windows,
    });
    const page = view.events.slice(offset);
    return {
      time_zone: zone.iana,
      offset,
      ...(view.complete ? {} : { next_offset: offset + page.length }),
      events: page.map((e) => summarizeEvent(e, zone)),
    };
  },
});
