/**
 * GetUserAvailability: free/busy, working hours and meeting suggestions for up to 100 people or
 * rooms in one request. We ask in UTC (a zero-bias `t:TimeZone`), so every time in the reply is
 * UTC and tools convert it to the caller's zone.
 */
import type {
  Availability,
  BusyInterval,
  DayName,
  MeetingSuggestion,
  ShowAs,
  WorkingHours,
} from "../calendar_types.ts";
import type { EwsClient } from "../client.ts";
import { EwsError } from "../errors.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { readResponseMessage } from "../soap/reply.ts";
import { find, findAll, textOf, x, type XmlElement, type XmlNode } from "../xml/mod.ts";

export const MAX_AVAILABILITY_MAILBOXES = 100;

export interface AvailabilityQuery {
  attendees: { email: string; type: "Required" | "Optional" | "Room" | "Resource" | "Organizer" }[];
  start: Date;
  end: Date;
  /** Free/busy per person (merged string and busy intervals). */
  freeBusy?: { intervalMinutes: number };
  /** Meeting suggestions over [start, end). */
  suggestions?: {
    durationMinutes: number;
    maxPerDay: number;
    minimumQuality: "Excellent" | "Good" | "Fair" | "Poor";
  };
}

const local = (d: Date) => d.toISOString().slice(0, 19);
/** Times in the reply are local to our zero-bias zone, i.e. UTC without the Z. */
const utc = (text: string | undefined) =>
  new Date(/(Z|[+-]\d{2}:\d{2})$/.test(text ?? "") ? text! : `${text}Z`);

const transition = () => [
  x("t:Bias", null, 0),
  x("t:Time", null, "00:00:00"),
  x("t:DayOrder", null, 0),
  x("t:Month", null, 0),
  x("t:DayOfWeek", null, "Sunday"),
];

const UTC_TIME_ZONE: XmlNode = x(
  "t:TimeZone",
  null,
  x("t:Bias", null, 0),
  x("t:StandardTime", null, transition()),
  x("t:DaylightTime", null, transition()),
);

function readWorkingHours(el: XmlElement | undefined): WorkingHours | undefined {
  if (!el) return undefined;
  const period = find(el, "t:WorkingPeriodArray/t:WorkingPeriod");
  if (!period) return undefined;
  const bias = Number(textOf(el, "t:TimeZone/t:Bias") ?? 0);
  const standard = Number(textOf(el, "t:TimeZone/t:StandardTime/t:Bias") ?? 0);
  const daylight = Number(textOf(el, "t:TimeZone/t:DaylightTime/t:Bias") ?? 0);
  const hasDst = Number(textOf(el, "t:TimeZone/t:DaylightTime/t:Month") ?? 0) > 0;
  return {
    days: (textOf(period, "t:DayOfWeek") ?? "").split(/\s+/).filter(Boolean) as DayName[],
    startMinutes: Number(textOf(period, "t:StartTimeInMinutes") ?? 0),
    endMinutes: Number(textOf(period, "t:EndTimeInMinutes") ?? 0),
    standardOffsetMinutes: -(bias + standard),
    ...(hasDst ? { daylightOffsetMinutes: -(bias + daylight) } : {}),
  };
}

/** One GetUserAvailability request for everyone asked about. */
export async function getAvailability(
  client: EwsClient,
  ctx: MailboxContext,
  query: AvailabilityQuery,
): Promise<{ people: Availability[]; suggestions: MeetingSuggestion[] }> {
  if (query.attendees.length > MAX_AVAILABILITY_MAILBOXES) {
    throw new EwsError(`At most ${MAX_AVAILABILITY_MAILBOXES} people or rooms per request`, {
      kind: "invalid_input",
    });
  }
  const window = (name: string) =>
    x(
      name,
      null,
      x("t:StartTime", null, local(query.start)),
      x("t:EndTime", null, local(query.end)),
    );
  const reply = await client.call(
    x(
      "m:GetUserAvailabilityRequest",
      null,
      UTC_TIME_ZONE,
      x(
        "m:MailboxDataArray",
        null,
        query.attendees.map((a) =>
          x(
            "t:MailboxData",
            null,
            x("t:Email", null, x("t:Address", null, a.email)),
            x("t:AttendeeType", null, a.type),
            x("t:ExcludeConflicts", null, "false"),
          )
        ),
      ),
      query.freeBusy &&
        x(
          "t:FreeBusyViewOptions",
          null,
          window("t:TimeWindow"),
          x("t:MergedFreeBusyIntervalInMinutes", null, query.freeBusy.intervalMinutes),
          x("t:RequestedView", null, "DetailedMerged"),
        ),
      query.suggestions &&
        x(
          "t:SuggestionsViewOptions",
          null,
          x("t:MaximumResultsByDay", null, query.suggestions.maxPerDay),
          x("t:MeetingDurationInMinutes", null, query.suggestions.durationMinutes),
          x("t:MinimumSuggestionQuality", null, query.suggestions.minimumQuality),
          window("t:DetailedSuggestionsWindow"),
        ),
    ),
    ctx.target,
    { idempotent: true },
  );
  const responses = findAll(reply.body, "m:FreeBusyResponseArray/m:FreeBusyResponse");
  const people: Availability[] = query.freeBusy
    ? query.attendees.map((a, i) => {
      const response = responses[i];
      const message = response && find(response, "m:ResponseMessage");
      const status = message ? readResponseMessage(message) : undefined;
      if (!response || status?.responseClass === "Error") {
        return {
          email: a.email,
          error: status?.messageText ?? status?.responseCode ?? "No availability returned",
          busy: [],
        };
      }
      const view = find(response, "m:FreeBusyView");
      const busy: BusyInterval[] = findAll(view, "t:CalendarEventArray/t:CalendarEvent").map(
        (e) => ({
          start: utc(textOf(e, "t:StartTime")),
          end: utc(textOf(e, "t:EndTime")),
          status: (textOf(e, "t:BusyType") ?? "Busy") as ShowAs,
          subject: textOf(e, "t:CalendarEventDetails/t:Subject"),
          location: textOf(e, "t:CalendarEventDetails/t:Location"),
        }),
      );
      return {
        email: a.email,
        merged: textOf(view, "t:MergedFreeBusy"),
        busy,
        workingHours: readWorkingHours(find(view, "t:WorkingHours")),
      };
    })
    : [];
  const suggestions: MeetingSuggestion[] = findAll(
    reply.body,
    "m:SuggestionsResponse/m:SuggestionDayResultArray/t:SuggestionDayResult",
  ).flatMap((day) =>
    findAll(day, "t:SuggestionArray/t:Suggestion").map((s) => ({
      start: utc(textOf(s, "t:MeetingTime")),
      quality: textOf(s, "t:SuggestionQuality") ?? "",
      isWorkTime: textOf(s, "t:IsWorkTime") === "true",
      conflicts: (find(s, "t:AttendeeConflictDataArray")?.children ?? []).map((c, i) => ({
        email: query.attendees[i]?.email ?? "",
        status: textOf(c, "t:BusyType") ?? "Unknown",
      })),
    }))
  );
  const suggestionError = find(reply.body, "m:SuggestionsResponse/m:ResponseMessage");
  if (query.suggestions && suggestionError) {
    const status = readResponseMessage(suggestionError);
    if (status.responseClass === "Error") {
      throw new EwsError(status.messageText ?? "Exchange could not suggest meeting times", {
        kind: "server",
        responseCode: status.responseCode,
      });
    }
  }
  return { people, suggestions };
}
