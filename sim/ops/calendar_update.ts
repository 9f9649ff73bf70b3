/**
 * UpdateItem and DeleteItem for calendar items. Changes to one occurrence become an exception of
 * its series; the organiser's changes go out to attendees as SendMeetingInvitationsOrCancellations
 * says (time, place or content changes to everyone, otherwise only to added attendees; removed
 * attendees get a cancellation). Deleting a meeting as organiser with SendMeetingCancellations
 * cancels it for the attendees.
 */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import {
  attendeesOf,
  type CalendarItem,
  calendarItems,
  type FreeBusy,
  type OccurrenceChange,
  touchCalendarItem,
} from "../store/calendar.ts";
import { cancelMeeting, sendInvitations } from "../store/meetings.ts";
import type { Importance, Sensitivity } from "../store/types.ts";
import { resolveCalendarItem } from "./calendar.ts";
import { CALENDAR_TAGS, calendarIdAttrs, readRecurrence } from "./calendar_item.ts";
import type { OperationContext } from "./context.ts";
import { EwsError } from "./errors.ts";
import { extendedRule } from "./extended_fields.ts";
import { itemsReply, requireCurrentChangeKey } from "./item_kind_ops.ts";
import { fieldPath, type FieldRule } from "./item_fields.ts";
import { parseBoolean } from "./response.ts";

function required(value: XmlElement, name: string): string {
  const child = find(value, `t:${name}`);
  if (!child) throw new EwsError("ErrorInvalidRequest", `The change carries no ${name} value.`);
  return child.text;
}

function date(value: XmlElement, name: string): Date {
  const d = new Date(required(value, name).trim());
  if (Number.isNaN(d.getTime())) throw new EwsError("ErrorInvalidRequest", `Invalid ${name}.`);
  return d;
}

function attendeeList(value: XmlElement, path: string) {
  return findAll(value, `${path}/t:Attendee`).map((a) => {
    const email = find(a, "t:Mailbox/t:EmailAddress")?.text.trim() ?? "";
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      throw new EwsError(
        "ErrorInvalidRecipients",
        `The recipient "${email}" isn't a valid SMTP address.`,
      );
    }
    return {
      address: { name: find(a, "t:Mailbox/t:Name")?.text || undefined, emailAddress: email },
      response: "Unknown" as const,
    };
  });
}

const attendeesField = (
  key: "required" | "optional" | "resources",
  element: string,
): FieldRule<CalendarItem> => ({
  set: (item, value) => item[key] = attendeeList(value, `t:${element}`),
  append: (item, value) => item[key].push(...attendeeList(value, `t:${element}`)),
  delete: (item) => item[key] = [],
});

const FIELDS = new Map<string, FieldRule<CalendarItem>>([
  ["item:Subject", { set: (i, v) => i.subject = required(v, "Subject") }],
  ["item:Body", {
    set(i, v) {
      const body = find(v, "t:Body")!;
      if (!body) throw new EwsError("ErrorInvalidRequest", "The change carries no Body value.");
      i.body = { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text };
    },
    delete: (i) => i.body = { type: "Text", content: "" },
  }],
  ["item:Sensitivity", {
    set: (i, v) => i.sensitivity = required(v, "Sensitivity").trim() as Sensitivity,
  }],
  ["item:Importance", {
    set: (i, v) => i.importance = required(v, "Importance").trim() as Importance,
  }],
  ["item:Categories", {
    set: (i, v) => i.categories = findAll(v, "t:Categories/t:String").map((s) => s.text),
    delete: (i) => i.categories = [],
  }],
  ["item:ReminderIsSet", {
    set: (i, v) => i.reminderIsSet = parseBoolean(required(v, "ReminderIsSet")) ?? true,
  }],
  ["item:ReminderMinutesBeforeStart", {
    set: (i, v) => i.reminderMinutes = Number(required(v, "ReminderMinutesBeforeStart")),
  }],
  ["calendar:Start", { set: (i, v) => i.start = date(v, "Start") }],
  ["calendar:End", { set: (i, v) => i.end = date(v, "End") }],
  ["calendar:Location", {
    set: (i, v) => i.location = required(v, "Location"),
    delete: (i) => i.location = undefined,
  }],
  ["calendar:IsAllDayEvent", {
    set: (i, v) => i.isAllDay = parseBoolean(required(v, "IsAllDayEvent")) ?? false,
  }],
  ["calendar:LegacyFreeBusyStatus", {
    set: (i, v) => i.freeBusy = required(v, "LegacyFreeBusyStatus").trim() as FreeBusy,
  }],
  ["calendar:IsResponseRequested", {
    set: (i, v) => i.isResponseRequested = parseBoolean(required(v, "IsResponseRequested")) ?? true,
  }],
  ["calendar:RequiredAttendees", attendeesField("required", "RequiredAttendees")],
  ["calendar:OptionalAttendees", attendeesField("optional", "OptionalAttendees")],
  ["calendar:Resources", attendeesField("resources", "Resources")],
  ["calendar:Recurrence", {
    set(i, v) {
      const r = find(v, "t:Recurrence");
      if (!r) throw new EwsError("ErrorInvalidRequest", "The change carries no Recurrence value.");
      i.recurrence = readRecurrence(r);
      i.exceptions = new Map();
      i.deleted = new Set();
    },
    delete: (i) => i.recurrence = undefined,
  }],
  ["calendar:StartTimeZone", {
    set: (i, v) => i.startTimeZone = find(v, "t:StartTimeZone")?.attrs.Id ?? i.startTimeZone,
  }],
  ["calendar:EndTimeZone", {
    set: (i, v) => i.endTimeZone = find(v, "t:EndTimeZone")?.attrs.Id ?? i.endTimeZone,
  }],
]);

/** What an occurrence (an exception of its series) may change. */
const OCCURRENCE_FIELDS = new Set([
  "item:Subject",
  "item:Body",
  "calendar:Start",
  "calendar:End",
  "calendar:Location",
]);

const INVITE_MODES = new Set([
  "SendToNone",
  "SendOnlyToAll",
  "SendOnlyToChanged",
  "SendToAllAndSaveCopy",
  "SendToChangedAndSaveCopy",
]);

function applyChanges(item: CalendarItem, updates: XmlElement[], allowed?: Set<string>): void {
  for (const change of updates) {
    const path = fieldPath(change.children[0]);
    const pathElement = change.children[0];
    const rule = FIELDS.get(path) ??
      (pathElement.name === "ExtendedFieldURI"
        ? extendedRule(CALENDAR_TAGS, pathElement)
        : undefined);
    const value = change.children[1];
    if (
      change.name !== "DeleteItemField" &&
      (!value || !["CalendarItem", "Item"].includes(value.name))
    ) {
      throw new EwsError(
        "ErrorInvalidPropertySet",
        `A ${value?.name ?? "missing"} element cannot set a property of a CalendarItem.`,
      );
    }
    const apply = change.name === "SetItemField"
      ? rule?.set
      : change.name === "AppendToItemField"
      ? rule?.append
      : rule?.delete;
    if (!apply || (allowed && !allowed.has(path))) {
      throw new EwsError(
        change.name === "AppendToItemField"
          ? "ErrorInvalidPropertyAppend"
          : change.name === "DeleteItemField"
          ? "ErrorInvalidPropertyDelete"
          : "ErrorInvalidPropertySet",
        `The property ${path} cannot be changed this way on a CalendarItem.`,
      );
    }
    apply(item, value!);
  }
  if (item.end < item.start) {
    throw new EwsError(
      "ErrorCalendarEndDateIsEarlierThanStartDate",
      "EndDate is earlier than StartDate",
    );
  }
}

const addresses = (item: CalendarItem) =>
  new Set(attendeesOf(item).map((a) => a.address.emailAddress.toLowerCase()));

/** UpdateItem of one calendar item change. */
export function updateCalendarItem(
  change: XmlElement,
  request: XmlElement,
  context: OperationContext,
): XmlNode[] {
  const mode = request.attrs.SendMeetingInvitationsOrCancellations;
  if (!mode) throw new EwsError("ErrorSendMeetingInvitationsOrCancellationsRequired");
  if (!INVITE_MODES.has(mode)) {
    throw new EwsError(
      "ErrorInvalidRequest",
      `Invalid SendMeetingInvitationsOrCancellations ${mode}.`,
    );
  }
  const idElement = change.children[0];
  const { mailbox, occurrence } = resolveCalendarItem(idElement, context, "edit");
  const item = occurrence.item;
  requireCurrentChangeKey(idElement, request, calendarIdAttrs(mailbox, occurrence).ChangeKey);
  const updates = find(change, "t:Updates")?.children ?? [];
  const now = context.organisation.now();
  const before = addresses(item);
  const organiser = item.myResponse === "Organizer";
  if (occurrence.originalStart) {
    const draft = structuredClone(item);
    draft.start = occurrence.start;
    draft.end = occurrence.end;
    draft.subject = occurrence.change?.subject ?? item.subject;
    draft.location = occurrence.change?.location ?? item.location;
    draft.body = occurrence.change?.body ?? item.body;
    applyChanges(draft, updates, OCCURRENCE_FIELDS);
    const key = occurrence.originalStart.getTime();
    const exception: OccurrenceChange = {
      start: draft.start,
      end: draft.end,
      subject: draft.subject !== item.subject ? draft.subject : undefined,
      location: draft.location !== item.location ? draft.location : undefined,
      body: draft.body !== item.body ? draft.body : undefined,
      version: (occurrence.change?.version ?? 0) + 1,
    };
    item.exceptions.set(key, exception);
    touchCalendarItem(item, now);
    if (organiser && item.isMeeting && mode !== "SendToNone") {
      sendInvitations(context.organisation, mailbox, item, undefined, {
        saveCopy: mode.endsWith("SaveCopy"),
        occurrence: key,
      });
    }
  } else {
    const draft = structuredClone(item);
    applyChanges(draft, updates);
    const timeChanged = draft.start.getTime() !== item.start.getTime() ||
      draft.end.getTime() !== item.end.getTime() ||
      JSON.stringify(draft.recurrence) !== JSON.stringify(item.recurrence);
    const contentChanged = timeChanged || draft.subject !== item.subject ||
      draft.location !== item.location || draft.body.content !== item.body.content;
    Object.assign(item, draft);
    if (timeChanged) {
      item.sequence++;
      for (const a of attendeesOf(item)) a.response = "Unknown";
    }
    touchCalendarItem(item, now);
    const after = addresses(item);
    if (organiser && attendeesOf(item).length > 0) item.isMeeting = true;
    if (organiser && item.isMeeting && mode !== "SendToNone") {
      const toChanged = mode === "SendOnlyToChanged" || mode === "SendToChangedAndSaveCopy";
      const recipients = attendeesOf(item).filter((a) =>
        !toChanged || contentChanged || !before.has(a.address.emailAddress.toLowerCase())
      );
      sendInvitations(context.organisation, mailbox, item, recipients, {
        saveCopy: mode.endsWith("SaveCopy"),
      });
      // Removed attendees are told the meeting is off for them.
      const removed = [...before].filter((a) => !after.has(a));
      if (removed.length > 0) {
        const ghost = structuredClone(item);
        ghost.required = removed.map((a) => ({
          address: { emailAddress: a },
          response: "Unknown" as const,
        }));
        ghost.optional = [];
        ghost.resources = [];
        cancelForRemoved(context, mailbox, ghost);
      }
    }
  }
  const updated = occurrence.originalStart
    ? { ...occurrence, change: item.exceptions.get(occurrence.originalStart.getTime()) }
    : occurrence;
  return [
    itemsReply("t:CalendarItem", calendarIdAttrs(mailbox, updated)),
    x("m:ConflictResults", null, x("t:Count", null, "0")),
  ];
}

function cancelForRemoved(
  context: OperationContext,
  mailbox: Parameters<typeof cancelMeeting>[1],
  ghost: CalendarItem,
) {
  // cancelMeeting removes the organiser's item by key; a ghost with a fresh key leaves it be.
  ghost.key = `${ghost.key}-removed`;
  cancelMeeting(context.organisation, mailbox, ghost, { saveCopy: false });
}

const CANCEL_MODES = new Set(["SendToNone", "SendOnlyToAll", "SendToAllAndSaveCopy"]);

/** DeleteItem of one calendar item (or occurrence). */
export function deleteCalendarItem(
  idElement: XmlElement,
  request: XmlElement,
  context: OperationContext,
): void {
  const mode = request.attrs.SendMeetingCancellations;
  if (!mode) throw new EwsError("ErrorSendMeetingCancellationsRequired");
  if (!CANCEL_MODES.has(mode)) {
    throw new EwsError("ErrorInvalidRequest", `Invalid SendMeetingCancellations ${mode}.`);
  }
  const { mailbox, occurrence } = resolveCalendarItem(idElement, context, "delete");
  const item = occurrence.item;
  const original = occurrence.originalStart?.getTime();
  if (item.myResponse === "Organizer" && item.isMeeting && mode !== "SendToNone") {
    cancelMeeting(context.organisation, mailbox, item, {
      occurrence: original,
      saveCopy: mode === "SendToAllAndSaveCopy",
    });
    return;
  }
  if (original !== undefined) {
    item.deleted.add(original);
    item.exceptions.delete(original);
    touchCalendarItem(item, context.organisation.now());
  } else {
    calendarItems(mailbox).delete(item.key);
  }
}
