/**
 * Calendar operations: CalendarView (series expanded by Exchange), GetItem of one event,
 * CreateItem/UpdateItem/DeleteItem of appointments and meetings, meeting responses and
 * cancellations. Every request carries the Windows zone of the caller's times as
 * TimeZoneContext; times travel as UTC.
 */
import type {
  Attendee,
  CalendarEvent,
  CalendarEventDetail,
  DayName,
  NewAppointment,
  Recurrence,
  ResponseType,
  ShowAs,
  WeekIndex,
} from "../calendar_types.ts";
import type { EwsClient } from "../client.ts";
import { EwsError } from "../errors.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { singleResponse } from "../soap/reply.ts";
import { find, findAll, textOf, x, type XmlElement, type XmlNode } from "../xml/mod.ts";
import { resolveFolder } from "./folders.ts";
import { markProperties, type SendMark } from "./idempotency_marks.ts";
import { deleteOneItem } from "./one_item.ts";
import { readMailbox } from "./read_item.ts";

const fields = (...uris: string[]) =>
  x("t:AdditionalProperties", null, uris.map((uri) => x("t:FieldURI", { FieldURI: uri })));

const SUMMARY_FIELDS = [
  "item:Subject",
  "item:Sensitivity",
  "item:Categories",
  "calendar:Start",
  "calendar:End",
  "calendar:IsAllDayEvent",
  "calendar:LegacyFreeBusyStatus",
  "calendar:Location",
  "calendar:IsMeeting",
  "calendar:IsCancelled",
  "calendar:IsRecurring",
  "calendar:CalendarItemType",
  "calendar:MyResponseType",
  "calendar:Organizer",
];

const DETAIL_FIELDS = [
  ...SUMMARY_FIELDS,
  "item:Body",
  "item:Importance",
  "item:ReminderIsSet",
  "item:ReminderMinutesBeforeStart",
  "calendar:UID",
  "calendar:RequiredAttendees",
  "calendar:OptionalAttendees",
  "calendar:Resources",
  "calendar:Recurrence",
  "calendar:StartTimeZone",
  "calendar:JoinOnlineMeetingUrl",
];

const ewsTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const bool = (v: string | undefined) => v === "true";

function readAttendees(item: XmlElement, path: string): Attendee[] {
  return findAll(item, `${path}/t:Attendee`).map((a) => {
    const mailbox = readMailbox(find(a, "t:Mailbox")) ?? { email: "" };
    const response = textOf(a, "t:ResponseType") as ResponseType | undefined;
    const last = textOf(a, "t:LastResponseTime");
    return {
      ...mailbox,
      ...(response ? { response } : {}),
      ...(last ? { lastResponseTime: last } : {}),
    };
  });
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function readRecurrence(el: XmlElement | undefined): Recurrence | undefined {
  if (!el) return undefined;
  const [p, r] = el.children;
  if (!p || !r) return undefined;
  const n = (name: string) => Number(textOf(p, name) ?? 1);
  const month = () => MONTHS.indexOf(textOf(p, "t:Month") ?? "") + 1;
  const day = () => (textOf(p, "t:DaysOfWeek") ?? "Monday") as DayName;
  const week = () => (textOf(p, "t:DayOfWeekIndex") ?? "First") as WeekIndex;
  const pattern: Recurrence["pattern"] | undefined = p.name === "DailyRecurrence"
    ? { type: "daily", interval: n("t:Interval") }
    : p.name === "WeeklyRecurrence"
    ? {
      type: "weekly",
      interval: n("t:Interval"),
      days: (textOf(p, "t:DaysOfWeek") ?? "").split(/\s+/).filter(Boolean) as DayName[],
    }
    : p.name === "AbsoluteMonthlyRecurrence"
    ? { type: "monthly", interval: n("t:Interval"), dayOfMonth: n("t:DayOfMonth") }
    : p.name === "RelativeMonthlyRecurrence"
    ? { type: "monthly_relative", interval: n("t:Interval"), weekday: day(), week: week() }
    : p.name === "AbsoluteYearlyRecurrence"
    ? { type: "yearly", month: month(), dayOfMonth: n("t:DayOfMonth") }
    : p.name === "RelativeYearlyRecurrence"
    ? { type: "yearly_relative", month: month(), weekday: day(), week: week() }
    : undefined;
  if (!pattern) return undefined;
  const date = (v: string | undefined) => v?.slice(0, 10);
  return {
    pattern,
    startDate: date(textOf(r, "t:StartDate")) ?? "",
    ...(r.name === "EndDateRecurrence" ? { endDate: date(textOf(r, "t:EndDate")) } : {}),
    ...(r.name === "NumberedRecurrence"
      ? { count: Number(textOf(r, "t:NumberOfOccurrences")) }
      : {}),
  };
}

export function readCalendarEvent(item: XmlElement): CalendarEvent {
  const id = find(item, "t:ItemId");
  const organizer = readMailbox(find(item, "t:Organizer/t:Mailbox"));
  const type = textOf(item, "t:CalendarItemType");
  return {
    id: id?.attrs.Id ?? "",
    changeKey: id?.attrs.ChangeKey,
    subject: textOf(item, "t:Subject") ?? "",
    start: new Date(textOf(item, "t:Start") ?? 0),
    end: new Date(textOf(item, "t:End") ?? 0),
    isAllDay: bool(textOf(item, "t:IsAllDayEvent")),
    location: textOf(item, "t:Location") || undefined,
    organizer,
    showAs: textOf(item, "t:LegacyFreeBusyStatus") as ShowAs | undefined,
    type,
    isMeeting: bool(textOf(item, "t:IsMeeting")),
    isCancelled: bool(textOf(item, "t:IsCancelled")),
    isRecurring: bool(textOf(item, "t:IsRecurring")) || type === "RecurringMaster",
    myResponse: textOf(item, "t:MyResponseType") as ResponseType | undefined,
    categories: findAll(item, "t:Categories/t:String").map((s) => s.text),
    sensitivity: textOf(item, "t:Sensitivity") as CalendarEvent["sensitivity"],
    startTimeZone: find(item, "t:StartTimeZone")?.attrs.Id,
  };
}

function readCalendarEventDetail(item: XmlElement): CalendarEventDetail {
  const body = find(item, "t:Body");
  const reminder = textOf(item, "t:ReminderMinutesBeforeStart");
  return {
    ...readCalendarEvent(item),
    body: body
      ? { format: body.attrs.BodyType === "HTML" ? "html" : "text", content: body.text }
      : undefined,
    requiredAttendees: readAttendees(item, "t:RequiredAttendees"),
    optionalAttendees: readAttendees(item, "t:OptionalAttendees"),
    resources: readAttendees(item, "t:Resources"),
    recurrence: readRecurrence(find(item, "t:Recurrence")),
    reminderIsSet: bool(textOf(item, "t:ReminderIsSet")),
    reminderMinutes: reminder !== undefined ? Number(reminder) : undefined,
    onlineMeetingUrl: textOf(item, "t:JoinOnlineMeetingUrl") || undefined,
    importance: textOf(item, "t:Importance"),
    uid: textOf(item, "t:UID"),
  };
}

export interface CalendarViewQuery {
  /** Calendar folder: well-known name, path or id (default the Calendar). */
  folder: string;
  start: Date;
  end: Date;
  /** Most events returned (Exchange stops there and says whether more exist). */
  maxEntries: number;
  timeZoneId: string;
}

/** The events overlapping a time range, series expanded into occurrences, in start order. */
export async function calendarView(
  client: EwsClient,
  ctx: MailboxContext,
  query: CalendarViewQuery,
): Promise<{ events: CalendarEvent[]; complete: boolean }> {
  const folder = await resolveFolder(client, ctx, query.folder);
  const reply = await client.call(
    x(
      "m:FindItem",
      { Traversal: "Shallow" },
      x("m:ItemShape", null, x("t:BaseShape", null, "IdOnly"), fields(...SUMMARY_FIELDS)),
      x("m:CalendarView", {
        MaxEntriesReturned: query.maxEntries,
        StartDate: ewsTime(query.start),
        EndDate: ewsTime(query.end),
      }),
      x("m:ParentFolderIds", null, folder),
    ),
    ctx.target,
    { idempotent: true, timeZoneId: query.timeZoneId },
  );
  const root = find(singleResponse(reply, ctx.mailbox).element, "m:RootFolder");
  const events = (find(root, "t:Items")?.children ?? []).map(readCalendarEvent);
  return { events, complete: root?.attrs.IncludesLastItemInRange !== "false" };
}

/** How a tool names an event: the id as given, or the series it is an occurrence of. */
export type EventScope = "occurrence" | "series";

function itemIdXml(id: string, scope: EventScope = "occurrence"): XmlNode {
  return scope === "series"
    ? x("t:RecurringMasterItemId", { OccurrenceId: id })
    : x("t:ItemId", { Id: id });
}

/** One event in full. */
export async function getAppointment(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  options: { timeZoneId: string; scope?: EventScope; bodyFormat?: "text" | "html" },
): Promise<CalendarEventDetail> {
  const reply = await client.call(
    x(
      "m:GetItem",
      null,
      x(
        "m:ItemShape",
        null,
        x("t:BaseShape", null, "IdOnly"),
        x("t:BodyType", null, options.bodyFormat === "html" ? "HTML" : "Text"),
        fields(...DETAIL_FIELDS),
      ),
      x("m:ItemIds", null, itemIdXml(id, options.scope)),
    ),
    ctx.target,
    { idempotent: true, timeZoneId: options.timeZoneId },
  );
  const item = find(singleResponse(reply, ctx.mailbox).element, "m:Items")?.children[0];
  if (!item || item.name !== "CalendarItem") {
    throw new EwsError("This id is not a calendar event", {
      kind: "invalid_input",
      hint: "Pass an id from get_calendar.",
    });
  }
  return readCalendarEventDetail(item);
}

const attendeeList = (tag: string, addresses: string[]) =>
  addresses.length > 0 &&
  x(
    tag,
    null,
    addresses.map((a) => x("t:Attendee", null, x("t:Mailbox", null, x("t:EmailAddress", null, a)))),
  );

/** `t:Recurrence` for a series. */
export function recurrenceXml(r: Recurrence): XmlNode {
  const p = r.pattern;
  const pattern = p.type === "daily"
    ? x("t:DailyRecurrence", null, x("t:Interval", null, p.interval))
    : p.type === "weekly"
    ? x(
      "t:WeeklyRecurrence",
      null,
      x("t:Interval", null, p.interval),
      x("t:DaysOfWeek", null, p.days.join(" ")),
    )
    : p.type === "monthly"
    ? x(
      "t:AbsoluteMonthlyRecurrence",
      null,
      x("t:Interval", null, p.interval),
      x("t:DayOfMonth", null, p.dayOfMonth),
    )
    : p.type === "monthly_relative"
    ? x(
      "t:RelativeMonthlyRecurrence",
      null,
      x("t:Interval", null, p.interval),
      x("t:DaysOfWeek", null, p.weekday),
      x("t:DayOfWeekIndex", null, p.week),
    )
    : p.type === "yearly"
    ? x(
      "t:AbsoluteYearlyRecurrence",
      null,
      x("t:DayOfMonth", null, p.dayOfMonth),
      x("t:Month", null, MONTHS[p.month - 1]),
    )
    : x(
      "t:RelativeYearlyRecurrence",
      null,
      x("t:DaysOfWeek", null, p.weekday),
      x("t:DayOfWeekIndex", null, p.week),
      x("t:Month", null, MONTHS[p.month - 1]),
    );
  const range = r.count !== undefined
    ? x(
      "t:NumberedRecurrence",
      null,
      x("t:StartDate", null, r.startDate),
      x("t:NumberOfOccurrences", null, r.count),
    )
    : r.endDate
    ? x(
      "t:EndDateRecurrence",
      null,
      x("t:StartDate", null, r.startDate),
      x("t:EndDate", null, r.endDate),
    )
    : x("t:NoEndRecurrence", null, x("t:StartDate", null, r.startDate));
  return x("t:Recurrence", null, pattern, range);
}

/**
 * Creates an appointment; with attendees it is a meeting and the invitations go out
 * (SendToAllAndSaveCopy). Never retried: a retry could invite twice. The idempotency `mark` goes
 * on the calendar item in the same CreateItem.
 */
export async function createAppointment(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  a: NewAppointment,
  mark?: SendMark,
): Promise<{ id: string; changeKey?: string; isMeeting: boolean }> {
  const isMeeting = a.required.length + a.optional.length + a.resources.length > 0;
  const target = folder === "calendar"
    ? distinguishedFolderId(ctx, "calendar")
    : await resolveFolder(client, ctx, folder);
  const reply = await client.call(
    x(
      "m:CreateItem",
      { SendMeetingInvitations: isMeeting ? "SendToAllAndSaveCopy" : "SendToNone" },
      x("m:SavedItemFolderId", null, target),
      x(
        "m:Items",
        null,
        x(
          "t:CalendarItem",
          null,
          x("t:Subject", null, a.subject),
          a.sensitivity && x("t:Sensitivity", null, a.sensitivity),
          a.body !== undefined &&
            x("t:Body", { BodyType: a.bodyFormat === "html" ? "HTML" : "Text" }, a.body),
          a.categories.length > 0 &&
            x("t:Categories", null, a.categories.map((c) => x("t:String", null, c))),
          a.importance && x("t:Importance", null, a.importance),
          a.reminderMinutes !== undefined &&
            x("t:ReminderIsSet", null, String(a.reminderMinutes >= 0)),
          a.reminderMinutes !== undefined && a.reminderMinutes >= 0 &&
            x("t:ReminderMinutesBeforeStart", null, a.reminderMinutes),
          markProperties(mark),
          x("t:Start", null, ewsTime(a.start)),
          x("t:End", null, ewsTime(a.end)),
          a.isAllDay && x("t:IsAllDayEvent", null, "true"),
          a.showAs && x("t:LegacyFreeBusyStatus", null, a.showAs),
          a.location !== undefined && x("t:Location", null, a.location),
          attendeeList("t:RequiredAttendees", a.required),
          attendeeList("t:OptionalAttendees", a.optional),
          attendeeList("t:Resources", a.resources),
          a.recurrence && recurrenceXml(a.recurrence),
          x("t:StartTimeZone", { Id: a.timeZoneId }),
          x("t:EndTimeZone", { Id: a.timeZoneId }),
        ),
      ),
    ),
    ctx.target,
    { idempotent: false, timeZoneId: a.timeZoneId },
  );
  const id = find(singleResponse(reply, ctx.mailbox).element, "m:Items/t:CalendarItem/t:ItemId");
  return { id: id?.attrs.Id ?? "", changeKey: id?.attrs.ChangeKey, isMeeting };
}

/** One change of update_appointment: a field set to a value, or cleared. */
export type AppointmentChange =
  | { field: "subject"; value: string }
  | { field: "location"; value: string | null }
  | { field: "body"; value: string; format: "text" | "html" }
  | { field: "start" | "end"; value: Date }
  | { field: "isAllDay"; value: boolean }
  | { field: "showAs"; value: ShowAs }
  | { field: "sensitivity"; value: string }
  | { field: "categories"; value: string[] }
  | { field: "reminderMinutes"; value: number }
  | { field: "requiredAttendees" | "optionalAttendees" | "resources"; value: string[] }
  | { field: "recurrence"; value: Recurrence | null }
  | { field: "timeZone"; value: string };

const URIS: Record<AppointmentChange["field"], string> = {
  subject: "item:Subject",
  location: "calendar:Location",
  body: "item:Body",
  start: "calendar:Start",
  end: "calendar:End",
  isAllDay: "calendar:IsAllDayEvent",
  showAs: "calendar:LegacyFreeBusyStatus",
  sensitivity: "item:Sensitivity",
  categories: "item:Categories",
  reminderMinutes: "item:ReminderMinutesBeforeStart",
  requiredAttendees: "calendar:RequiredAttendees",
  optionalAttendees: "calendar:OptionalAttendees",
  resources: "calendar:Resources",
  recurrence: "calendar:Recurrence",
  timeZone: "calendar:StartTimeZone",
};

function changeXml(c: AppointmentChange): XmlNode[] {
  const uri = x("t:FieldURI", { FieldURI: URIS[c.field] });
  const set = (...value: XmlNode[]) => [
    x("t:SetItemField", null, uri, x("t:CalendarItem", null, ...value)),
  ];
  const clear = () => [x("t:DeleteItemField", null, uri)];
  switch (c.field) {
    case "subject":
      return set(x("t:Subject", null, c.value));
    case "location":
      return c.value === null ? clear() : set(x("t:Location", null, c.value));
    case "body":
      return set(x("t:Body", { BodyType: c.format === "html" ? "HTML" : "Text" }, c.value));
    case "start":
      return set(x("t:Start", null, ewsTime(c.value)));
    case "end":
      return set(x("t:End", null, ewsTime(c.value)));
    case "isAllDay":
      return set(x("t:IsAllDayEvent", null, String(c.value)));
    case "showAs":
      return set(x("t:LegacyFreeBusyStatus", null, c.value));
    case "sensitivity":
      return set(x("t:Sensitivity", null, c.value));
    case "categories":
      return c.value.length === 0
        ? clear()
        : set(x("t:Categories", null, c.value.map((v) => x("t:String", null, v))));
    case "reminderMinutes":
      return [
        x(
          "t:SetItemField",
          null,
          x("t:FieldURI", { FieldURI: "item:ReminderIsSet" }),
          x("t:CalendarItem", null, x("t:ReminderIsSet", null, String(c.value >= 0))),
        ),
        ...(c.value >= 0 ? set(x("t:ReminderMinutesBeforeStart", null, c.value)) : []),
      ];
    case "requiredAttendees":
      return c.value.length === 0
        ? clear()
        : set(attendeeList("t:RequiredAttendees", c.value) as XmlNode);
    case "optionalAttendees":
      return c.value.length === 0
        ? clear()
        : set(attendeeList("t:OptionalAttendees", c.value) as XmlNode);
    case "resources":
      return c.value.length === 0 ? clear() : set(attendeeList("t:Resources", c.value) as XmlNode);
    case "recurrence":
      return c.value === null ? clear() : set(recurrenceXml(c.value));
    case "timeZone":
      return [
        ...set(x("t:StartTimeZone", { Id: c.value })),
        x(
          "t:SetItemField",
          null,
          x("t:FieldURI", { FieldURI: "calendar:EndTimeZone" }),
          x("t:CalendarItem", null, x("t:EndTimeZone", { Id: c.value })),
        ),
      ];
  }
}

/**
 * Changes an event (one occurrence, or the whole series). When the caller organises a meeting,
 * Exchange tells the attendees the change concerns (SendToChangedAndSaveCopy); for an attendee's
 * own copy nothing is sent.
 */
export async function updateAppointment(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  scope: EventScope,
  changes: AppointmentChange[],
  timeZoneId: string,
): Promise<{ id: string; changeKey?: string }> {
  const reply = await client.call(
    x(
      "m:UpdateItem",
      {
        ConflictResolution: "AlwaysOverwrite",
        SendMeetingInvitationsOrCancellations: "SendToChangedAndSaveCopy",
      },
      x(
        "m:ItemChanges",
        null,
        x(
          "t:ItemChange",
          null,
          itemIdXml(id, scope),
          x("t:Updates", null, changes.flatMap(changeXml)),
        ),
      ),
    ),
    ctx.target,
    { idempotent: false, timeZoneId },
  );
  const item = find(singleResponse(reply, ctx.mailbox).element, "m:Items/t:CalendarItem/t:ItemId");
  return { id: item?.attrs.Id ?? id, changeKey: item?.attrs.ChangeKey };
}

/** Removes an event from the calendar without telling anyone (an attendee's own copy). */
export async function deleteAppointment(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  scope: EventScope,
  sendCancellations: boolean,
): Promise<void> {
  const reply = await client.call(
    x(
      "m:DeleteItem",
      {
        DeleteType: "MoveToDeletedItems",
        SendMeetingCancellations: sendCancellations ? "SendToAllAndSaveCopy" : "SendToNone",
      },
      x("m:ItemIds", null, itemIdXml(id, scope)),
    ),
    ctx.target,
    { idempotent: false },
  );
  singleResponse(reply, ctx.mailbox);
}

/** The organiser cancels a meeting (or one occurrence), telling the attendees. */
export async function cancelMeeting(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  message?: string,
): Promise<void> {
  const reply = await client.call(
    x(
      "m:CreateItem",
      { MessageDisposition: "SendAndSaveCopy" },
      x(
        "m:Items",
        null,
        x(
          "t:CancelCalendarItem",
          null,
          // ReferenceItemId is an ItemId: a series is cancelled through its master's id.
          x("t:ReferenceItemId", { Id: id }),
          message && x("t:NewBodyContent", { BodyType: "Text" }, message),
        ),
      ),
    ),
    ctx.target,
    { idempotent: false },
  );
  singleResponse(reply, ctx.mailbox);
}

export type MeetingResponse = "accept" | "tentative" | "decline";
const RESPONSE_ELEMENTS: Record<MeetingResponse, string> = {
  accept: "t:AcceptItem",
  tentative: "t:TentativelyAcceptItem",
  decline: "t:DeclineItem",
};

/**
 * Answers a meeting invitation (the request in the Inbox or the event on the calendar). With
 * `send` the organiser gets the response (SendAndSaveCopy). Without it, EWS can only record the
 * response with SaveOnly, which also leaves the unsent response in Drafts; it is deleted at once
 * (one more request), so nothing is sent and nothing is left. If that deletion fails, the
 * draft's id is returned.
 */
export async function respondToMeeting(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  response: MeetingResponse,
  options: { send: boolean; message?: string },
): Promise<{ draftId?: string }> {
  const reply = await client.call(
    x(
      "m:CreateItem",
      { MessageDisposition: options.send ? "SendAndSaveCopy" : "SaveOnly" },
      x(
        "m:Items",
        null,
        x(
          RESPONSE_ELEMENTS[response],
          null,
          options.message && x("t:Body", { BodyType: "Text" }, options.message),
          x("t:ReferenceItemId", { Id: id }),
        ),
      ),
    ),
    ctx.target,
    { idempotent: false },
  );
  const saved = find(singleResponse(reply, ctx.mailbox).element, "m:Items")?.children[0];
  const draftId = saved && find(saved, "t:ItemId")?.attrs.Id;
  if (options.send || !draftId) return {};
  try {
    await deleteOneItem(client, ctx, draftId, "HardDelete");
    return {};
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return { draftId };
  }
}
