/**
 * The benchmark's mailbox data: the demo organisation plus a deterministic bulk of realistic
 * mail, so every run (and both sides of a comparison) sees exactly the same mailboxes.
 */
import { demoOrganisation, type Organisation } from "../../sim/mod.ts";
import type { EmailAddress, Mailbox, NewMessage } from "../../sim/mod.ts";

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

/** A fresh organisation with the demo content and the bulk mail. */
export function benchOrganisation(options: SeedOptions): Organisation {
  const org = demoOrganisation({ baseDate: BASE, now: () => new Date(BASE) });
  fill(org, org.requireMailbox("alex@contoso.test"), options.inbox, 42);
  fill(org, org.requireMailbox("pat@contoso.test"), options.otherInbox, 7);
  teamMailboxes(options.team ?? 0).forEach((address, i) => {
    org.addMailbox({ address, displayName: `Team member ${i + 1}`, password: "Team-Pass-1" });
    org.grantImpersonation("alex@contoso.test", address);
    fill(org, org.requireMailbox(address), options.teamInbox ?? 60, 100 + i);
  });
  return org;
}
