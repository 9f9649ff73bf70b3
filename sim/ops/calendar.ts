/**
 * Calendar items through the item operations: resolving item, occurrence and recurring-master
 * ids; GetItem; FindItem on calendar folders (CalendarView expands series into occurrences);
 * CreateItem of appointments and meetings (SendMeetingInvitations) and of meeting responses
 * (AcceptItem, TentativelyAcceptItem, DeclineItem) and cancellations (CancelCalendarItem).
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import {
  addCalendarItem,
  type CalendarItem,
  calendarItems,
  type Occurrence,
  occurrenceAt,
  occurrenceByIndex,
  occurrencesBetween,
} from "../store/calendar.ts";
import { decodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { cancelMeeting, copyOf, respondToMeeting, sendInvitations } from "../store/meetings.ts";
import type { MessageBody } from "../store/types.ts";
import {
  CALENDAR_TAGS,
  calendarIdAttrs,
  parseCalendarShape,
  readCalendarItem,
  readCalendarProperty,
  renderCalendarItem,
} from "./calendar_item.ts";
import type { CalendarMime } from "./calendar_mime.ts";
import type { OperationContext } from "./context.ts";
import { type ItemRight, requireItemAccess } from "./item_access.ts";
import { EwsError } from "./errors.ts";
import { extendedValuesToSet, setExtended } from "./extended_fields.ts";
import { itemsReply, kindTarget, openItemId } from "./item_kind_ops.ts";
import { compileRestriction } from "./restriction.ts";
import { ewsDate } from "./response.ts";
import { type FolderTarget, itemIdAttrs } from "./targets.ts";

export interface CalendarTarget {
  mailbox: Mailbox;
  occurrence: Occurrence;
}

/** Whether an item id element addresses a calendar item (rather than a message). */
export function isCalendarItemId(element: XmlElement): boolean {
  if (element.name === "OccurrenceItemId" || element.name === "RecurringMasterItemId") return true;
  return decodeId(element.attrs.Id ?? "", "item")?.key.startsWith("cal") ?? false;
}

function decodeCalendarId(raw: string, context: OperationContext, right: ItemRight) {
  const { mailbox, key: fullKey } = openItemId(raw, context);
  const [key, at] = fullKey.split("~");
  const item = calendarItems(mailbox).get(key);
  if (!item) throw new EwsError("ErrorItemNotFound");
  requireItemAccess(context, mailbox, item.folderKey, right);
  return { mailbox, item, originalStart: at === undefined ? undefined : Number(at) };
}

/** Resolves `t:ItemId`, `t:OccurrenceItemId` or `t:RecurringMasterItemId` of a calendar item. */
export function resolveCalendarItem(
  element: XmlElement,
  context: OperationContext,
  right: ItemRight = "read",
): CalendarTarget {
  if (element.name === "OccurrenceItemId") {
    const { mailbox, item, originalStart } = decodeCalendarId(
      element.attrs.RecurringMasterId ?? "",
      context,
      right,
    );
    if (originalStart !== undefined) {
      throw new EwsError("ErrorCalendarCannotUseIdForRecurringMasterId");
    }
    if (!item.recurrence) throw new EwsError("ErrorItemNotFound");
    const index = Number(element.attrs.InstanceIndex);
    const occurrence = occurrenceByIndex(item, index);
    if (!occurrence) {
      throw new EwsError(
        item.deleted.size > 0
          ? "ErrorCalendarOccurrenceIsDeletedFromRecurrence"
          : "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange",
      );
    }
    return { mailbox, occurrence };
  }
  if (element.name === "RecurringMasterItemId") {
    const { mailbox, item } = decodeCalendarId(
      element.attrs.OccurrenceId ?? "",
      context,
      right,
    );
    if (!item.recurrence) throw new EwsError("ErrorItemNotFound");
    return { mailbox, occurrence: { item, start: item.start, end: item.end } };
  }
  const { mailbox, item, originalStart } = decodeCalendarId(
    element.attrs.Id ?? "",
    context,
    right,
  );
  if (originalStart === undefined) {
    return { mailbox, occurrence: { item, start: item.start, end: item.end } };
  }
  const occurrence = occurrenceAt(item, originalStart);
  if (!occurrence) throw new EwsError("ErrorCalendarOccurrenceIsDeletedFromRecurrence");
  return { mailbox, occurrence };
}

/** GetItem of one calendar item id. */
export function getCalendarItem(
  idElement: XmlElement,
  shapeElement: XmlElement | undefined,
  context: OperationContext,
): XmlNode[] {
  const shape = parseCalendarShape(shapeElement, false);
  const { mailbox, occurrence } = resolveCalendarItem(idElement, context);
  return [x("m:Items", null, renderCalendarItem(occurrence, shape, mailbox))];
}

/** Exchange refuses calendar views longer than two years. */
const MAX_VIEW_MS = 2 * 366 * 86_400_000;

/** FindItem in a calendar folder: a CalendarView expands series; other views list masters. */
export function findCalendarItems(
  request: XmlElement,
  target: FolderTarget,
  view: XmlElement | undefined,
): XmlNode[] {
  const shape = parseCalendarShape(find(request, "m:ItemShape"), true);
  const restriction = compileRestriction<Occurrence>(
    find(request, "m:Restriction"),
    readCalendarProperty,
  );
  const items = [...calendarItems(target.mailbox).values()].filter((i) =>
    i.folderKey === target.folder.key
  );
  if (view?.name === "CalendarView") {
    const from = new Date(view.attrs.StartDate ?? "");
    const to = new Date(view.attrs.EndDate ?? "");
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      throw new EwsError("ErrorInvalidRequest", "CalendarView needs StartDate and EndDate.");
    }
    if (to < from) {
      throw new EwsError(
        "ErrorCalendarEndDateIsEarlierThanStartDate",
        "EndDate is earlier than StartDate",
      );
    }
    if (to.getTime() - from.getTime() > MAX_VIEW_MS) {
      throw new EwsError("ErrorCalendarViewRangeTooBig");
    }
    const all = items.flatMap((i) => occurrencesBetween(i, from, to)).filter(restriction);
    all.sort((a, b) =>
      a.start.getTime() - b.start.getTime() || a.item.key.localeCompare(b.item.key)
    );
    const max = view.attrs.MaxEntriesReturned ? Number(view.attrs.MaxEntriesReturned) : all.length;
    const page = all.slice(0, max);
    return [
      x(
        "m:RootFolder",
        {
          TotalItemsInView: String(page.length),
          IncludesLastItemInRange: String(page.length === all.length),
        },
        x("t:Items", null, ...page.map((o) => renderCalendarItem(o, shape, target.mailbox))),
      ),
    ];
  }
  const masters = items.map((i): Occurrence => ({ item: i, start: i.start, end: i.end }))
    .filter(restriction);
  masters.sort((a, b) => a.start.getTime() - b.start.getTime());
  const offset = Number(view?.attrs.Offset ?? 0);
  const max = view?.attrs.MaxEntriesReturned
    ? Number(view.attrs.MaxEntriesReturned)
    : masters.length;
  const page = masters.slice(offset, offset + max);
  return [
    x(
      "m:RootFolder",
      {
        IndexedPagingOffset: String(offset + page.length),
        TotalItemsInView: String(masters.length),
        IncludesLastItemInRange: String(offset + page.length >= masters.length),
      },
      x("t:Items", null, ...page.map((o) => renderCalendarItem(o, shape, target.mailbox))),
    ),
  ];
}

const INVITATION_MODES = ["SendToNone", "SendOnlyToAll", "SendToAllAndSaveCopy"];

/** CreateItem of a `t:CalendarItem`. */
export function createCalendarItem(
  element: XmlElement,
  request: XmlElement,
  savedFolder: XmlElement | undefined,
  context: OperationContext,
  fromMime?: CalendarMime,
): XmlNode[] {
  const mode = request.attrs.SendMeetingInvitations;
  if (!mode) throw new EwsError("ErrorSendMeetingInvitationsRequired");
  if (!INVITATION_MODES.includes(mode)) {
    throw new EwsError("ErrorInvalidRequest", `Invalid SendMeetingInvitations ${mode}.`);
  }
  const target = kindTarget(
    savedFolder,
    context,
    "calendar",
    "CalendarFolder",
    "Calendar items can only be saved in calendar folders.",
  );
  const extended = extendedValuesToSet(CALENDAR_TAGS, element);
  const input = readCalendarItem(element, context.timeZoneId ?? "UTC", fromMime?.item);
  const attendees = [
    ...(input.required ?? []),
    ...(input.optional ?? []),
    ...(input.resources ?? []),
  ];
  for (const a of attendees) a.address = context.organisation.normaliseAddress(a.address);
  // An event organised by someone else (imported from iCalendar) is an attendee's copy.
  const organizer = input.organizer
    ? context.organisation.normaliseAddress(input.organizer)
    : target.mailbox.emailAddress;
  const organiser = organizer.emailAddress.toLowerCase() === target.mailbox.address;
  const item = addCalendarItem(target.mailbox, target.folder.key, {
    ...input,
    organizer,
    myResponse: organiser ? "Organizer" : "NoResponseReceived",
    isMeeting: attendees.length > 0,
  }, context.organisation.now());
  for (const value of extended) setExtended(CALENDAR_TAGS, item, value, true);
  if (organiser && attendees.length > 0 && mode !== "SendToNone") {
    sendInvitations(context.organisation, target.mailbox, item, undefined, {
      saveCopy: mode === "SendToAllAndSaveCopy",
    });
  }
  return [
    itemsReply(
      "t:CalendarItem",
      calendarIdAttrs(target.mailbox, { item, start: item.start, end: item.end }),
    ),
  ];
}

const RESPONSES: Record<string, "Accept" | "Tentative" | "Decline"> = {
  AcceptItem: "Accept",
  TentativelyAcceptItem: "Tentative",
  DeclineItem: "Decline",
};

export const RESPONSE_OBJECTS = new Set([...Object.keys(RESPONSES), "CancelCalendarItem"]);

/** The calendar item a response object refers to: the item itself, or a meeting message's. */
function referencedMeeting(element: XmlElement, context: OperationContext): CalendarTarget {
  const ref = find(element, "t:ReferenceItemId");
  if (!ref) throw new EwsError("ErrorInvalidRequest", "ReferenceItemId is required.");
  if (isCalendarItemId(ref)) return resolveCalendarItem(ref, context, "edit");
  const { mailbox, key } = openItemId(ref.attrs.Id ?? "", context);
  const message = mailbox.items.get(key);
  if (!message) throw new EwsError("ErrorItemNotFound");
  if (!message.meeting) {
    throw new EwsError("ErrorInvalidOperation", "The item is not a meeting message.");
  }
  const item = copyOf(mailbox, message.meeting.uid);
  if (item) requireItemAccess(context, mailbox, item.folderKey, "edit");
  if (!item) {
    throw new EwsError(
      message.meeting.kind === "cancellation"
        ? "ErrorCalendarIsCancelledForAccept"
        : "ErrorItemNotFound",
    );
  }
  return { mailbox, occurrence: { item, start: item.start, end: item.end } };
}

function bodyOf(element: XmlElement, name: string): MessageBody | undefined {
  const body = find(element, name);
  return body
    ? { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text }
    : undefined;
}

/** CreateItem of AcceptItem, TentativelyAcceptItem, DeclineItem or CancelCalendarItem. */
export function createResponseObject(
  element: XmlElement,
  request: XmlElement,
  context: OperationContext,
): XmlNode[] {
  const disposition = request.attrs.MessageDisposition;
  if (!disposition) {
    throw new EwsError(
      "ErrorMessageDispositionRequired",
      "MessageDisposition is required for meeting responses.",
    );
  }
  const { mailbox, occurrence } = referencedMeeting(element, context);
  const item = occurrence.item;
  const organiser = item.myResponse === "Organizer";
  const send = disposition !== "SaveOnly";
  if (element.name === "CancelCalendarItem") {
    if (!organiser) throw new EwsError("ErrorCalendarIsNotOrganizer");
    cancelMeeting(context.organisation, mailbox, item, {
      body: bodyOf(element, "t:NewBodyContent"),
      occurrence: occurrence.originalStart?.getTime(),
      saveCopy: disposition === "SendAndSaveCopy",
    });
    return [x("m:Items")];
  }
  const response = RESPONSES[element.name];
  if (organiser) throw new EwsError(`ErrorCalendarIsOrganizerFor${response}`);
  if (item.isCancelled) throw new EwsError(`ErrorCalendarIsCancelledFor${response}`);
  const saved = respondToMeeting(context.organisation, mailbox, item, response, {
    send,
    body: bodyOf(element, "t:Body"),
  });
  if (send) return [x("m:Items")];
  return [x("m:Items", null, x("t:Message", null, x("t:ItemId", itemIdAttrs(mailbox, saved))))];
}

/** The calendar item's owner mailbox is the organiser of it. */
export function isOrganiser(item: CalendarItem): boolean {
  return item.myResponse === "Organizer";
}

export { ewsDate };
