/**
 * GetUserAvailability computed from the calendars: per mailbox its free/busy (merged string,
 * events, working hours) over the time window, and meeting-time suggestions. Times in the
 * request and the reply are local times of the request's `t:TimeZone`. Without delegate access
 * a caller sees only times and busy types (Exchange's default "free/busy time" permission).
 */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import {
  calendarItems,
  DAY_NAMES,
  type FreeBusy,
  type Occurrence,
  occurrencesBetween,
} from "../store/calendar.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { workingHoursOf } from "../store/working_hours.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError, SoapFault } from "./errors.ts";
import {
  localToUtc,
  readSerializableZone,
  renderSerializableZone,
  serializableFromIana,
  type SerializableZone,
  utcToLocal,
} from "./serializable_time_zone.ts";
import { wallClock } from "../../ews/timezones.ts";

/** Exchange's limit on mailboxes in one request. */
const MAX_MAILBOXES = 100;
const RANK: Record<FreeBusy, number> = {
  Free: 0,
  WorkingElsewhere: 0,
  Tentative: 1,
  Busy: 2,
  OOF: 3,
  NoData: 4,
};
const MERGED_DIGIT: Record<FreeBusy, string> = {
  Free: "0",
  WorkingElsewhere: "0",
  Tentative: "1",
  Busy: "2",
  OOF: "3",
  NoData: "4",
};

function busyEvents(mailbox: Mailbox, from: Date, to: Date): Occurrence[] {
  return [...calendarItems(mailbox).values()]
    .filter((i) => !i.isCancelled && i.freeBusy !== "Free")
    .flatMap((i) => occurrencesBetween(i, from, to))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The worst busy type over [from, to). */
function statusBetween(events: Occurrence[], from: Date, to: Date): FreeBusy {
  let status: FreeBusy = "Free";
  for (const e of events) {
    if (e.start < to && e.end > from && RANK[e.item.freeBusy] > RANK[status]) {
      status = e.item.freeBusy;
    }
  }
  return status;
}

function responseMessage(error?: EwsError): XmlNode {
  return error
    ? x(
      "m:ResponseMessage",
      { ResponseClass: "Error" },
      x("m:MessageText", null, error.message),
      x("m:ResponseCode", null, error.responseCode),
      x("m:DescriptiveLinkKey", null, "0"),
    )
    : x("m:ResponseMessage", { ResponseClass: "Success" }, x("m:ResponseCode", null, "NoError"));
}

function workingHoursElement(mailbox: Mailbox, year: number): XmlNode {
  const hours = workingHoursOf(mailbox);
  return x(
    "t:WorkingHours",
    null,
    renderSerializableZone(serializableFromIana(hours.timeZone, year)),
    x(
      "t:WorkingPeriodArray",
      null,
      x(
        "t:WorkingPeriod",
        null,
        x("t:DayOfWeek", null, hours.days.join(" ")),
        x("t:StartTimeInMinutes", null, hours.startMinutes),
        x("t:EndTimeInMinutes", null, hours.endMinutes),
      ),
    ),
  );
}

/** Whether an instant falls in a mailbox's working hours. */
function isWorkTime(mailbox: Mailbox, start: Date, end: Date): boolean {
  const hours = workingHoursOf(mailbox);
  const a = wallClock(start, hours.timeZone);
  const b = wallClock(new Date(end.getTime() - 1), hours.timeZone);
  const minutes = (w: typeof a) => w.hour * 60 + w.minute;
  return a.day === b.day && hours.days.includes(DAY_NAMES[a.weekday]) &&
    minutes(a) >= hours.startMinutes && minutes(b) < hours.endMinutes;
}

interface Requested {
  address: string;
  attendeeType: string;
  mailbox?: Mailbox;
}

function freeBusyResponse(
  who: Requested,
  options: XmlElement,
  zone: SerializableZone,
  detailsAllowed: boolean,
): XmlNode {
  if (!who.mailbox) {
    return x(
      "m:FreeBusyResponse",
      null,
      responseMessage(
        new EwsError(
          "ErrorMailRecipientNotFound",
          `Unable to resolve e-mail address ${who.address} to an Active Directory object.`,
        ),
      ),
      x("m:FreeBusyView", null, x("t:FreeBusyViewType", null, "None")),
    );
  }
  const window = find(options, "t:TimeWindow");
  const from = localToUtc(zone, find(window, "t:StartTime")?.text ?? "");
  const to = localToUtc(zone, find(window, "t:EndTime")?.text ?? "");
  const interval = Number(find(options, "t:MergedFreeBusyIntervalInMinutes")?.text ?? 30);
  const requested = find(options, "t:RequestedView")?.text.trim() ?? "Detailed";
  const events = busyEvents(who.mailbox, from, to);
  const merged = requested.endsWith("Merged") || requested === "MergedOnly";
  const withEvents = requested !== "MergedOnly" && requested !== "None";
  const detailed = requested.startsWith("Detailed") && detailsAllowed;
  const viewType = requested === "None"
    ? "None"
    : requested === "MergedOnly"
    ? "MergedOnly"
    : `${detailed ? "Detailed" : "FreeBusy"}${merged ? "Merged" : ""}`;
  let mergedText = "";
  if (merged) {
    for (let t = from.getTime(); t < to.getTime(); t += interval * 60_000) {
      mergedText +=
        MERGED_DIGIT[statusBetween(events, new Date(t), new Date(t + interval * 60_000))];
    }
  }
  return x(
    "m:FreeBusyResponse",
    null,
    responseMessage(),
    x(
      "m:FreeBusyView",
      null,
      x("t:FreeBusyViewType", null, viewType),
      merged && x("t:MergedFreeBusy", null, mergedText),
      withEvents &&
        x(
          "t:CalendarEventArray",
          null,
          ...events.map((e) =>
            x(
              "t:CalendarEvent",
              null,
              x("t:StartTime", null, utcToLocal(zone, e.start)),
              x("t:EndTime", null, utcToLocal(zone, e.end)),
              x("t:BusyType", null, e.item.freeBusy),
              detailed &&
                x(
                  "t:CalendarEventDetails",
                  null,
                  x("t:ID", null, e.item.uid),
                  x("t:Subject", null, e.change?.subject ?? e.item.subject),
                  (e.change?.location ?? e.item.location) !== undefined &&
                    x("t:Location", null, e.change?.location ?? e.item.location),
                  x("t:IsMeeting", null, String(e.item.isMeeting)),
                  x("t:IsRecurring", null, String(!!e.originalStart)),
                  x("t:IsException", null, String(!!e.change)),
                  x("t:IsReminderSet", null, String(e.item.reminderIsSet)),
                  x("t:IsPrivate", null, String(e.item.sensitivity === "Private")),
                ),
            )
          ),
        ),
      withEvents && workingHoursElement(who.mailbox, from.getUTCFullYear()),
    ),
  );
}

const QUALITIES = ["Excellent", "Good", "Fair", "Poor"] as const;

function suggestions(people: Requested[], options: XmlElement, zone: SerializableZone): XmlNode {
  const window = find(options, "t:DetailedSuggestionsWindow");
  const from = localToUtc(zone, find(window, "t:StartTime")?.text ?? "");
  const to = localToUtc(zone, find(window, "t:EndTime")?.text ?? "");
  const duration = Number(find(options, "t:MeetingDurationInMinutes")?.text ?? 30) * 60_000;
  const good = Number(find(options, "t:GoodThreshold")?.text ?? 25);
  const perDay = Number(find(options, "t:MaximumResultsByDay")?.text ?? 10);
  const minimum = find(options, "t:MinimumSuggestionQuality")?.text.trim() ?? "Fair";
  const limit = QUALITIES.indexOf(minimum as (typeof QUALITIES)[number]);
  const known = people.filter((p) => p.mailbox);
  const events = new Map(
    known.map((p) => [p.address, busyEvents(p.mailbox!, from, new Date(to.getTime() + duration))]),
  );
  const days: XmlNode[] = [];
  const step = 30 * 60_000;
  for (let dayStart = from.getTime(); dayStart < to.getTime(); dayStart += 86_400_000) {
    const results: XmlNode[] = [];
    let best = QUALITIES.length - 1;
    for (
      let t = dayStart;
      t < dayStart + 86_400_000 && t + duration <= to.getTime() + 0;
      t += step
    ) {
      const start = new Date(t);
      const end = new Date(t + duration);
      // Only times inside every person's working hours (rooms have none that matter).
      if (
        !people.every((p) =>
          !p.mailbox || p.attendeeType === "Room" || isWorkTime(p.mailbox, start, end)
        )
      ) continue;
      const busy = known.map((p) => ({
        p,
        status: statusBetween(events.get(p.address)!, start, end),
      }));
      const roomBusy = busy.some((b) => b.p.attendeeType === "Room" && RANK[b.status] >= 1);
      if (roomBusy) continue;
      const conflicts = busy.filter((b) => RANK[b.status] >= 2).length;
      const share = known.length ? (conflicts * 100) / known.length : 0;
      const quality = conflicts === 0 ? 0 : share <= good ? 1 : share < 50 ? 2 : 3;
      if (quality > limit) continue;
      best = Math.min(best, quality);
      if (results.length >= perDay) continue;
      results.push(
        x(
          "t:Suggestion",
          null,
          x("t:MeetingTime", null, utcToLocal(zone, start)),
          x("t:IsWorkTime", null, "true"),
          x("t:SuggestionQuality", null, QUALITIES[quality]),
          x(
            "t:AttendeeConflictDataArray",
            null,
            ...people.map((p) => {
              const b = busy.find((entry) => entry.p === p);
              return b
                ? x("t:IndividualAttendeeConflictData", null, x("t:BusyType", null, b.status))
                : x("t:UnknownAttendeeConflictData");
            }),
          ),
        ),
      );
    }
    days.push(
      x(
        "t:SuggestionDayResult",
        null,
        x("t:Date", null, utcToLocal(zone, new Date(dayStart))),
        x("t:DayQuality", null, QUALITIES[best]),
        results.length > 0 && x("t:SuggestionArray", null, ...results),
      ),
    );
  }
  return x(
    "m:SuggestionsResponse",
    null,
    responseMessage(),
    x("m:SuggestionDayResultArray", null, ...days),
  );
}

export const getUserAvailability: OperationHandler = (request, context) => {
  const zone = readSerializableZone(find(request, "t:TimeZone"));
  const people: Requested[] = findAll(request, "m:MailboxDataArray/t:MailboxData").map((data) => {
    const address = find(data, "t:Email/t:Address")?.text.trim().toLowerCase() ?? "";
    return {
      address,
      attendeeType: find(data, "t:AttendeeType")?.text.trim() ?? "Required",
      mailbox: context.organisation.mailbox(address),
    };
  });
  if (people.length > MAX_MAILBOXES) {
    throw new SoapFault(
      "ErrorInvalidRequest",
      `You can't request availability for more than ${MAX_MAILBOXES} mailboxes.`,
    );
  }
  const freeBusyOptions = find(request, "t:FreeBusyViewOptions");
  const suggestionOptions = find(request, "t:SuggestionsViewOptions");
  if (!freeBusyOptions && !suggestionOptions) {
    throw new SoapFault(
      "ErrorInvalidRequest",
      "FreeBusyViewOptions or SuggestionsViewOptions is required.",
    );
  }
  return x(
    "m:GetUserAvailabilityResponse",
    null,
    freeBusyOptions &&
      x(
        "m:FreeBusyResponseArray",
        null,
        ...people.map((p) =>
          freeBusyResponse(
            p,
            freeBusyOptions,
            zone,
            !!p.mailbox &&
              context.organisation.mayAccess(context.actingAs.address, p.mailbox.address),
          )
        ),
      ),
    suggestionOptions && suggestions(people, suggestionOptions, zone),
  );
};
