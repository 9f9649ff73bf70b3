/**
 * create_appointment's idempotency key survives a change of server and a restart, as the mail
 * tools' does: the calendar item it creates carries the mark, and a server that never saw the key
 * looks it up in the organiser's Calendar (one FindItem) before creating anything. A retry
 * neither sends the invitations twice nor creates a second event. Two servers share one
 * simulator here (one Exchange); every request is checked against the EWS schema.
 */
import assert from "node:assert/strict";
import type { RunningSimulator } from "../../sim/mod.ts";
import { calendarItems } from "../../sim/store/calendar.ts";
import {
  assertMarkHidden,
  callAcrossRestart,
  count,
  unique,
  withTwoServers,
} from "../support/two_servers.ts";

/** The events with this subject in a mailbox's Calendar (the simulator's store). */
function inCalendar(sim: RunningSimulator, address: string, subject: string) {
  const mailbox = sim.organisation.requireMailbox(address);
  const calendar = mailbox.folder("calendar")!.key;
  return [...calendarItems(mailbox).values()].filter((i) =>
    i.folderKey === calendar && i.subject === subject
  );
}

/** A meeting alex organises, its subject as its key. */
const meeting = (subject: string, extra: Record<string, unknown> = {}) => ({
  subject,
  start: "2031-02-03T10:00",
  end: "2031-02-03T11:00",
  time_zone: "Europe/Berlin",
  required_attendees: ["pat@contoso.test"],
  optional_attendees: ["sales@contoso.test"],
  idempotency_key: subject,
  ...extra,
});

/** A meeting pat organises (alex impersonating, or as pat's delegate), sales invited. */
const forPat = (subject: string) =>
  meeting(subject, {
    target_mailbox: "pat@contoso.test",
    required_attendees: ["sales@contoso.test"],
    optional_attendees: undefined,
  });

Deno.test("create_appointment retried on another server is a duplicate found in the Calendar: one meeting, one invitation each", () =>
  withTwoServers(async (s) => {
    const subject = unique("Kick-off");
    const args = meeting(subject);
    s.sim.resetStats();
    const first = await s.a.call("create_appointment", args);
    assert.equal(first.isError, false, first.text);
    assert.equal(first.data.duplicate, false);
    assert.equal(first.data.is_meeting, true);
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1, CreateItem: 1 });
    s.sim.resetStats();
    const retry = await s.b.call("create_appointment", args);
    assert.equal(retry.isError, false, retry.text);
    assert.deepEqual(retry.data, { ...first.data, duplicate: true }, "the same result, same id");
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1 }, "nothing created or sent");
    assert.equal(inCalendar(s.sim, "alex@contoso.test", subject).length, 1);
    assert.equal(count(s.sim, "pat@contoso.test", "inbox", subject), 1);
    assert.equal(count(s.sim, "sales@contoso.test", "inbox", subject), 1);
    // Known on b now: a further retry there costs nothing.
    s.sim.resetStats();
    assert.equal((await s.b.call("create_appointment", args)).data.duplicate, true);
    assert.equal(s.sim.stats.requests, 0);
  }));

Deno.test("an appointment without attendees is not created twice either", () =>
  withTwoServers(async (s) => {
    const subject = unique("Focus time");
    const args = meeting(subject, { required_attendees: undefined, optional_attendees: undefined });
    const first = await s.a.call("create_appointment", args);
    assert.equal(first.isError, false, first.text);
    assert.equal(first.data.is_meeting, false);
    const retry = await s.b.call("create_appointment", args);
    assert.equal(retry.isError, false, retry.text);
    assert.deepEqual(retry.data, { ...first.data, duplicate: true });
    assert.equal(inCalendar(s.sim, "alex@contoso.test", subject).length, 1);
  }));

Deno.test("a restarted server (fresh memory) finds the meeting in the Calendar", () => {
  const subject = unique("Before the restart");
  return callAcrossRestart("create_appointment", meeting(subject), (sim, first, retry) => {
    assert.equal(first.data.duplicate, false);
    assert.equal(retry.isError, false, retry.text);
    assert.equal(retry.data.duplicate, true);
    assert.equal(inCalendar(sim, "alex@contoso.test", subject).length, 1);
    assert.equal(count(sim, "pat@contoso.test", "inbox", subject), 1);
  });
});

Deno.test("the same key with other content on another server is a conflict; nothing is created", () =>
  withTwoServers(async (s) => {
    const subject = unique("Offsite");
    const args = meeting(subject);
    assert.equal((await s.a.call("create_appointment", args)).isError, false);
    s.sim.resetStats();
    const moved = await s.b.call("create_appointment", { ...args, end: "2031-02-03T12:00" });
    assert.equal(moved.isError, true);
    assert.match(moved.text, /already used for a different/);
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1 });
    assert.equal(inCalendar(s.sim, "alex@contoso.test", subject).length, 1);
    assert.equal(count(s.sim, "pat@contoso.test", "inbox", subject), 1);
  }));

Deno.test("the mark on the calendar item is a digest, and get_appointment does not show it", () =>
  withTwoServers(async (s) => {
    const key = unique("secret-key");
    const subject = unique("Marked");
    const created = await s.a.call("create_appointment", {
      ...meeting(subject),
      idempotency_key: key,
    });
    assert.equal(created.isError, false, created.text);
    const [item] = inCalendar(s.sim, "alex@contoso.test", subject);
    const details = await s.a.call("get_appointment", { event_id: created.data.id });
    assertMarkHidden(item.extendedProperties, key, details);
  }));

Deno.test("impersonation: the meeting is found in the impersonated organiser's Calendar", () =>
  withTwoServers(async (s) => {
    const subject = unique("Pat's review");
    const args = forPat(subject);
    assert.equal((await s.a.call("create_appointment", args)).data.duplicate, false);
    const retry = await s.b.call("create_appointment", args);
    assert.equal(retry.data.duplicate, true, retry.text);
    assert.equal(inCalendar(s.sim, "pat@contoso.test", subject).length, 1);
    assert.equal(count(s.sim, "sales@contoso.test", "inbox", subject), 1);
    // The same key in alex's own mailbox is another meeting: keys are per mailbox.
    const own = await s.b.call("create_appointment", { ...args, target_mailbox: undefined });
    assert.equal(own.data.duplicate, false, own.text);
    assert.equal(inCalendar(s.sim, "alex@contoso.test", subject).length, 1);
  }));

Deno.test("delegate: the meeting is in the owner's Calendar, and the delegate's Editor right finds it there", () =>
  withTwoServers(async (s) => {
    const subject = unique("Booked for pat");
    const args = forPat(subject);
    const first = await s.a.call("create_appointment", args);
    assert.equal(first.isError, false, first.text);
    s.sim.resetStats();
    const retry = await s.b.call("create_appointment", args);
    assert.equal(retry.isError, false, retry.text);
    assert.deepEqual(retry.data, { ...first.data, duplicate: true });
    assert.deepEqual(s.sim.stats.byOperation, { FindItem: 1 });
    assert.equal(inCalendar(s.sim, "pat@contoso.test", subject).length, 1);
    assert.equal(inCalendar(s.sim, "alex@contoso.test", subject).length, 0);
    assert.equal(count(s.sim, "sales@contoso.test", "inbox", subject), 1);
  }, { env: { EWS_IMPERSONATION_TYPE: "delegate" } }));
