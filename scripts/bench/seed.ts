/**
 * The benchmark's mailbox data: the demo organisation plus a deterministic bulk of realistic
 * mail and a busy calendar week, so every run (and both sides of a comparison) sees exactly the
 * same mailboxes.
 */
import { demoOrganisation, type Organisation } from "../../sim/mod.ts";
import type { EmailAddress, Mailbox, NewMessage } from "../../sim/mod.ts";
import { addCalendarItem } from "../../sim/store/calendar.ts";

export interface SeedOptions {
  /** Extra messages in alex@contoso.test's Inbox. */
  inbox: number;
  /** Extra messages in pat@contoso.test's Inbox (read through impersonation). */
  otherInbox: number;
  /** Team mailboxes alex may impersonate (`TEAM`), each with `teamInbox` messages. */
  team?: number;
  teamInbox?: number;
}

/** The team mailboxes of the multi-mailbox workloads. */
export const teamMailboxes = (count: number) =>
  Array.from({ length: count }, (_, i) => `user${String(i + 1).padStart(2, "0")}@contoso.test`);

/** Fixed so that received times, ids and sort order are identical run to run. */
const BASE = new Date("2025-06-02T09:00:00Z");

/** A small linear congruential generator: reproducible without any dependency. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TOPICS = [
  "Quarterly review",
  "Invoice",
  "Change request",
  "Incident report",
  "Meeting notes",
  "Travel booking",
  "Contract renewal",
  "Release plan",
  "Customer escalation",
  "Budget approval",
];

const PARAGRAPH = "Thanks for the update. I went through the numbers with the team this " +
  "morning and we agree with the proposal, with two small changes to the timeline. Could " +
  "you confirm the delivery date and send the revised document before Friday? ";

function contacts(org: Organisation): EmailAddress[] {
  const internal = org.mailboxes.map((m) => m.emailAddress);
  const external = Array.from({ length: 20 }, (_, i): EmailAddress => ({
    name: `Partner ${i + 1}`,
    emailAddress: `partner${i + 1}@fabrikam.example`,
    routingType: "SMTP",
    mailboxType: "OneOff",
  }));
  return [...internal, ...external];
}

function fill(org: Organisation, mailbox: Mailbox, count: number, seed: number): void {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const people = contacts(org);
  for (let i = 0; i < count; i++) {
    const paragraphs = 1 + Math.floor(next() * 6);
    const text = PARAGRAPH.repeat(paragraphs);
    const html = next() < 0.6;
    const message: NewMessage = {
      subject: `${pick(TOPICS)} #${1000 + i}`,
      from: pick(people),
      to: [mailbox.emailAddress, ...(next() < 0.4 ? [pick(people)] : [])],
      cc: next() < 0.3 ? [pick(people), pick(people)] : undefined,
      body: html
        ? {
          type: "HTML",
          content: `<html><body><p>Hello,</p><p>${text}</p><p>Regards</p></body></html>`,
        }
        : `Hello,\n\n${text}\n\nRegards`,
      // Spread over the past months, a few hours apart, older as i grows.
      received: new Date(BASE.getTime() - (i + 1) * 3 * 3600_000 - Math.floor(next() * 3600_000)),
      isRead: next() < 0.7,
      importance: next() < 0.1 ? "High" : next() < 0.05 ? "Low" : "Normal",
      attachments: next() < 0.15
        ? [{
          name: `report-${i}.pdf`,
          contentType: "application/pdf",
          content: "%PDF-1.4 x".repeat(50),
        }]
        : undefined,
    };
    mailbox.addMessage("inbox", message);
  }
}

/** The calendar week of the calendar workloads (the demo's meetings fall in it too). */
export const WEEK = {
  start: new Date(Date.UTC(2025, 5, 2)),
  end: new Date(Date.UTC(2025, 5, 9)),
};

const MEETINGS = ["1:1", "Design review", "Hiring interview", "Vendor call", "Planning", "Demo"];
const ROOMS = ["Aurora", "Borealis", "Online", "Room 4.12"];

/**
 * A busy working week: a daily stand-up series (Monday to Friday, 09:00 UTC) and `singles`
 * appointments of 30 to 90 minutes between 10:00 and 17:00 on the working days.
 */
function fillWeek(org: Organisation, mailbox: Mailbox, singles: number, seed: number): void {
  const next = random(seed);
  const now = org.now();
  const day = (n: number, hour: number, minute = 0) =>
    new Date(WEEK.start.getTime() + n * 86_400_000 + (hour * 60 + minute) * 60_000);
  addCalendarItem(mailbox, "calendar", {
    subject: "Daily stand-up",
    start: day(0, 9),
    end: day(0, 9, 15),
    location: "Online",
    categories: ["Team"],
    recurrence: {
      pattern: {
        kind: "Weekly",
        interval: 1,
        days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        firstDayOfWeek: "Monday",
      },
      range: { startDate: "2025-06-02", count: 20 },
    },
  }, now);
  for (let i = 0; i < singles; i++) {
    const start = day(i % 5, 10 + Math.floor(next() * 7), next() < 0.5 ? 0 : 30);
    addCalendarItem(mailbox, "calendar", {
      subject: `${MEETINGS[Math.floor(next() * MEETINGS.length)]} ${i + 1}`,
      start,
      end: new Date(start.getTime() + (1 + Math.floor(next() * 3)) * 30 * 60_000),
      location: ROOMS[Math.floor(next() * ROOMS.length)],
      freeBusy: next() < 0.2 ? "Tentative" : "Busy",
      sensitivity: next() < 0.1 ? "Private" : "Normal",
    }, now);
  }
}

/** A fresh organisation with the demo content and the bulk mail. */
export function benchOrganisation(options: SeedOptions): Organisation {
  const org = demoOrganisation({ baseDate: BASE, now: () => new Date(BASE) });
  fill(org, org.requireMailbox("alex@contoso.test"), options.inbox, 42);
  fill(org, org.requireMailbox("pat@contoso.test"), options.otherInbox, 7);
  fillWeek(org, org.requireMailbox("alex@contoso.test"), 18, 3);
  teamMailboxes(options.team ?? 0).forEach((address, i) => {
    org.addMailbox({ address, displayName: `Team member ${i + 1}`, password: "Team-Pass-1" });
    org.grantImpersonation("alex@contoso.test", address);
    fill(org, org.requireMailbox(address), options.teamInbox ?? 60, 100 + i);
    fillWeek(org, org.requireMailbox(address), 8, 200 + i);
  });
  return org;
}
