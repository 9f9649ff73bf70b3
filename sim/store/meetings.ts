/**
 * Meetings between mailboxes, as Exchange's calendar attendant does them: an invitation lands
 * in each attendee's Inbox and tentatively on their calendar; rooms book themselves when free;
 * a response updates the organiser's attendee list; a cancellation marks attendees' copies.
 */
import {
  addCalendarItem,
  attendeesOf,
  type CalendarItem,
  calendarItems,
  occurrencesBetween,
  type ResponseType,
  touchCalendarItem,
} from "./calendar.ts";
import { isRoom } from "./directory.ts";
import type { Mailbox } from "./mailbox.ts";
import type { Organisation } from "./organisation.ts";
import type { MessageBody, MessageItem } from "./types.ts";

/** An attendee's copy of a meeting, found by the meeting's UID. */
export function copyOf(mailbox: Mailbox, uid: string): CalendarItem | undefined {
  return [...calendarItems(mailbox).values()].find((i) => i.uid === uid);
}

function deliver(
  organisation: Organisation,
  from: Mailbox,
  to: Mailbox,
  subject: string,
  body: MessageBody,
  itemClass: string,
  meeting: MessageItem["meeting"],
): MessageItem {
  const now = organisation.now();
  const message = to.addMessage("inbox", {
    subject,
    body,
    from: from.emailAddress,
    to: [to.emailAddress],
    sent: now,
    received: now,
    itemClass,
  });
  message.meeting = meeting;
  return message;
}

function saveSent(
  sender: Mailbox,
  recipients: Mailbox[],
  subject: string,
  body: MessageBody,
  itemClass: string,
  meeting: MessageItem["meeting"],
  folder = "sentitems",
): MessageItem {
  const message = sender.addMessage(folder, {
    subject,
    body,
    from: sender.emailAddress,
    to: recipients.map((r) => r.emailAddress),
    isRead: true,
    isFromMe: true,
    isDraft: folder === "drafts",
    itemClass,
  });
  message.meeting = meeting;
  if (folder !== "drafts") message.isSubmitted = true;
  return message;
}

/** Whether a room is free for all instances of an item (ignoring the item itself). */
function roomIsFree(room: Mailbox, item: CalendarItem): boolean {
  const horizon = new Date(item.end.getTime() + 366 * 86_400_000);
  const wanted = occurrencesBetween(item, item.start, horizon);
  return [...calendarItems(room).values()].every((other) =>
    other.uid === item.uid || other.isCancelled || other.freeBusy === "Free" ||
    wanted.every((w) => occurrencesBetween(other, w.start, w.end).length === 0)
  );
}

/** Copies the meeting's content onto an attendee's copy. */
function copyContent(from: CalendarItem, to: CalendarItem): void {
  to.subject = from.subject;
  to.body = from.body;
  to.location = from.location;
  to.start = from.start;
  to.end = from.end;
  to.isAllDay = from.isAllDay;
  to.startTimeZone = from.startTimeZone;
  to.endTimeZone = from.endTimeZone;
  to.recurrence = from.recurrence;
  to.required = from.required.map((a) => ({ ...a }));
  to.optional = from.optional.map((a) => ({ ...a }));
  to.resources = from.resources.map((a) => ({ ...a }));
  to.exceptions = new Map(from.exceptions);
  to.deleted = new Set(from.deleted);
  to.sequence = from.sequence;
  to.importance = from.importance;
  to.sensitivity = from.sensitivity;
  to.isCancelled = from.isCancelled;
  to.onlineMeetingUrl = from.onlineMeetingUrl;
}

/**
 * Sends the meeting (or its update) to `recipients` (default: every attendee). Each attendee
 * mailbox of the organisation gets a request in its Inbox and a tentative copy on its calendar;
 * rooms accept when free and decline when not. A copy of the request is saved in Sent Items.
 */
export function sendInvitations(
  organisation: Organisation,
  organiser: Mailbox,
  item: CalendarItem,
  recipients = attendeesOf(item),
  options: {
    saveCopy: boolean;
    occurrence?: number;
    /** Put copies on calendars without Inbox messages (seeding a past state). */
    noMessages?: boolean;
  } = { saveCopy: true },
): void {
  const now = organisation.now();
  item.isMeeting = true;
  item.meetingRequestWasSent = true;
  const reached: Mailbox[] = [];
  for (const attendee of recipients) {
    const mailbox = organisation.mailbox(attendee.address.emailAddress);
    if (!mailbox || mailbox === organiser) continue;
    let copy = copyOf(mailbox, item.uid);
    if (!copy) {
      copy = addCalendarItem(mailbox, "calendar", {
        subject: item.subject,
        start: item.start,
        end: item.end,
        uid: item.uid,
        organizer: organiser.emailAddress,
        isMeeting: true,
        myResponse: "NoResponseReceived",
        freeBusy: "Tentative",
      }, now);
    }
    copyContent(item, copy);
    touchCalendarItem(copy, now);
    if (isRoom(organisation, mailbox.address)) {
      const free = roomIsFree(mailbox, item);
      copy.myResponse = free ? "Accept" : "Decline";
      copy.freeBusy = free ? "Busy" : "Free";
      if (!free) calendarItems(mailbox).delete(copy.key);
      setResponse(item, mailbox.address, free ? "Accept" : "Decline", now);
      continue;
    }
    copy.myResponse = "NoResponseReceived";
    copy.freeBusy = "Tentative";
    if (options.noMessages) continue;
    deliver(
      organisation,
      organiser,
      mailbox,
      item.subject,
      item.body,
      "IPM.Schedule.Meeting.Request",
      { kind: "request", calendarKey: copy.key, uid: item.uid, occurrence: options.occurrence },
    );
    reached.push(mailbox);
  }
  if (options.saveCopy && reached.length > 0) {
    saveSent(organiser, reached, item.subject, item.body, "IPM.Schedule.Meeting.Request", {
      kind: "request",
      calendarKey: item.key,
      uid: item.uid,
    });
  }
}

export function setResponse(
  item: CalendarItem,
  address: string,
  response: ResponseType,
  now: Date,
) {
  for (const a of attendeesOf(item)) {
    if (a.address.emailAddress.toLowerCase() === address) {
      a.response = response;
      a.lastResponseTime = now;
    }
  }
}

const RESPONSE_CLASS: Record<string, string> = {
  Accept: "IPM.Schedule.Meeting.Resp.Pos",
  Tentative: "IPM.Schedule.Meeting.Resp.Tent",
  Decline: "IPM.Schedule.Meeting.Resp.Neg",
};
const RESPONSE_PREFIX: Record<string, string> = {
  Accept: "Accepted",
  Tentative: "Tentative",
  Decline: "Declined",
};

/**
 * An attendee responds. The copy takes the response (a declined meeting leaves the calendar),
 * meeting requests for it leave the Inbox for Deleted Items, and with `send` the organiser gets
 * the response and its attendee list is updated; without, the response is saved as a draft.
 */
export function respondToMeeting(
  organisation: Organisation,
  attendee: Mailbox,
  copy: CalendarItem,
  response: "Accept" | "Tentative" | "Decline",
  options: { send: boolean; body?: MessageBody },
): MessageItem {
  const now = organisation.now();
  copy.myResponse = response;
  copy.replyTime = now;
  copy.freeBusy = response === "Accept" ? "Busy" : response === "Tentative" ? "Tentative" : "Free";
  touchCalendarItem(copy, now);
  if (response === "Decline") calendarItems(attendee).delete(copy.key);
  for (const message of attendee.items.values()) {
    if (message.meeting?.kind === "request" && message.meeting.uid === copy.uid) {
      message.meeting.processed = true;
      if (message.folderKey === "inbox") message.folderKey = "deleteditems";
    }
  }
  const subject = `${RESPONSE_PREFIX[response]}: ${copy.subject}`;
  const body = options.body ?? { type: "Text" as const, content: "" };
  const organiser = organisation.mailbox(copy.organizer.emailAddress);
  const link = { kind: "response" as const, uid: copy.uid };
  if (!options.send) {
    return saveSent(
      attendee,
      organiser ? [organiser] : [],
      subject,
      body,
      RESPONSE_CLASS[response],
      link,
      "drafts",
    );
  }
  if (organiser) {
    const original = copyOf(organiser, copy.uid);
    if (original) {
      setResponse(original, attendee.address, response, now);
      touchCalendarItem(original, now);
    }
    deliver(organisation, attendee, organiser, subject, body, RESPONSE_CLASS[response], {
      ...link,
      calendarKey: original?.key,
    });
  }
  return saveSent(
    attendee,
    organiser ? [organiser] : [],
    subject,
    body,
    RESPONSE_CLASS[response],
    link,
  );
}

/**
 * The organiser cancels the meeting (or one occurrence): attendees get a cancellation and their
 * copies are marked cancelled (the occurrence removed); the organiser's item goes.
 */
export function cancelMeeting(
  organisation: Organisation,
  organiser: Mailbox,
  item: CalendarItem,
  options: { body?: MessageBody; occurrence?: number; saveCopy: boolean },
): void {
  const now = organisation.now();
  const reached: Mailbox[] = [];
  const subject = `Canceled: ${item.subject}`;
  const body = options.body ?? { type: "Text" as const, content: "" };
  for (const attendee of attendeesOf(item)) {
    const mailbox = organisation.mailbox(attendee.address.emailAddress);
    if (!mailbox || mailbox === organiser) continue;
    const copy = copyOf(mailbox, item.uid);
    if (copy) {
      if (options.occurrence !== undefined) copy.deleted.add(options.occurrence);
      else if (isRoom(organisation, mailbox.address)) calendarItems(mailbox).delete(copy.key);
      else {
        copy.isCancelled = true;
        copy.subject = subject;
        copy.freeBusy = "Free";
      }
      touchCalendarItem(copy, now);
    }
    if (isRoom(organisation, mailbox.address)) continue;
    deliver(organisation, organiser, mailbox, subject, body, "IPM.Schedule.Meeting.Canceled", {
      kind: "cancellation",
      calendarKey: copy?.key,
      uid: item.uid,
      occurrence: options.occurrence,
    });
    reached.push(mailbox);
  }
  if (options.occurrence !== undefined) {
    item.deleted.add(options.occurrence);
    touchCalendarItem(item, now);
  } else {
    calendarItems(organiser).delete(item.key);
  }
  if (options.saveCopy && reached.length > 0) {
    saveSent(organiser, reached, subject, body, "IPM.Schedule.Meeting.Canceled", {
      kind: "cancellation",
      uid: item.uid,
    });
  }
}
