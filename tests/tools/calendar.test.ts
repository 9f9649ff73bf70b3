/**
 * Calendar tools against the simulator (every request and reply checked against the schema):
 * the booking flow across two mailboxes, time zones and DST, all-day events, errors, access
 * modes, and how many EWS requests each tool makes.
 */
import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";
import {
  assertExchangesValid,
  assertRefusedBeforeSending,
  counted,
  startDelegateHarness,
} from "../support/requests.ts";

type Event = { id: string; subject: string; start: string; start_utc: string; type?: string };

Deno.test("booking flow: alex finds a free room, invites pat, pat accepts, alex sees it", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const rooms = await counted(h, () => h.call("list_rooms"));
    assert.equal(rooms.result.isError, false, rooms.result.text);
    assert.deepEqual(rooms.ops, { GetRoomLists: 1, GetRooms: 1 });
    const roomAddresses = rooms.result.data.room_lists[0].rooms.map((r: { email: string }) =>
      r.email
    );
    assert.equal(roomAddresses.length, 2);

    const window = {
      start: "2030-03-05T10:00",
      end: "2030-03-05T11:00",
      time_zone: "Europe/Berlin",
    };
    const free = await counted(
      h,
      () =>
        h.call("check_availability", { emails: ["pat@contoso.test", ...roomAddresses], ...window }),
    );
    assert.equal(free.result.isError, false, free.result.text);
    assert.deepEqual(free.ops, { GetUserAvailability: 1 });
    const room = free.result.data.people.find((p: { email: string; busy: unknown[] }) =>
      roomAddresses.includes(p.email) && p.busy.length === 0
    );
    assert.ok(room, "a room is free");

    const created = await counted(h, () =>
      h.call("create_appointment", {
        subject: "Roadmap planning",
        ...window,
        required_attendees: ["pat@contoso.test"],
        resources: [room.email],
        location: "Aurora",
        body: "Agenda: the next two quarters.",
      }));
    assert.equal(created.result.isError, false, created.result.text);
    assert.deepEqual(created.ops, { CreateItem: 1 });
    assert.equal(created.result.data.is_meeting, true);
    assert.equal(created.result.data.start, "2030-03-05T10:00:00+01:00");
    assert.equal(created.result.data.start_utc, "2030-03-05T09:00:00Z");

    // Pat (impersonation) finds the invitation in the inbox and on the calendar.
    const inbox = await h.call("read_emails", { target_mailbox: "pat@contoso.test" });
    const invitation = inbox.data.emails.find((e: { subject: string }) =>
      e.subject === "Roadmap planning"
    );
    assert.ok(invitation, "the invitation reached pat's inbox");
    const patDay = await h.call("get_calendar", {
      target_mailbox: "pat@contoso.test",
      ...window,
    });
    const tentative = patDay.data.events.find((e: Event) => e.subject === "Roadmap planning");
    assert.equal(tentative.my_response, "NoResponseReceived");
    assert.equal(tentative.show_as, "Tentative");

    const accepted = await counted(h, () =>
      h.call("respond_to_meeting", {
        target_mailbox: "pat@contoso.test",
        id: invitation.id,
        response: "accept",
        message: "See you there.",
      }));
    assert.equal(accepted.result.isError, false, accepted.result.text);
    assert.deepEqual(accepted.ops, { CreateItem: 1 });

    const seen = await counted(
      h,
      () =>
        h.call("get_appointment", { event_id: created.result.data.id, time_zone: "Europe/Berlin" }),
    );
    assert.deepEqual(seen.ops, { GetItem: 1 });
    const event = seen.result.data.event;
    assert.deepEqual(
      event.required_attendees.map((
        a: { email: string; response: string },
      ) => [a.email, a.response]),
      [["pat@contoso.test", "Accept"]],
    );
    assert.equal(event.resources[0].email, room.email);
    assert.equal(event.resources[0].response, "Accept", "a free room accepts itself");
    assert.equal(event.body, "Agenda: the next two quarters.");
    const reply = await h.call("read_emails", {});
    assert.ok(
      reply.data.emails.some((e: { subject: string }) =>
        e.subject === "Accepted: Roadmap planning"
      ),
      "alex received pat's response",
    );

    // The room is now busy for anyone who asks.
    const busy = await h.call("check_availability", { emails: [room.email], ...window });
    assert.equal(busy.data.people[0].busy.length, 1);
    assert.equal(busy.data.people[0].busy[0].start, "2030-03-05T10:00:00+01:00");
  } finally {
    await h.close();
  }
});

Deno.test("accepting without a response updates the calendar, sends nothing and leaves no draft", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const window = { start: "2030-03-06T14:00", end: "2030-03-06T15:00", time_zone: "UTC" };
    const created = await h.call("create_appointment", {
      subject: "Quiet sync",
      ...window,
      required_attendees: ["pat@contoso.test"],
    });
    assert.equal(created.isError, false, created.text);
    const pat = { target_mailbox: "pat@contoso.test" };
    const invitation = (await h.call("read_emails", pat)).data.emails.find((
      e: { subject: string },
    ) => e.subject === "Quiet sync");
    const drafts = async () =>
      (await h.call("read_emails", { ...pat, folder: "drafts" })).data.total;
    const draftsBefore = await drafts();

    const accepted = await counted(h, () =>
      h.call("respond_to_meeting", {
        ...pat,
        id: invitation.id,
        response: "accept",
        send_response: false,
      }));
    assert.equal(accepted.result.isError, false, accepted.result.text);
    assert.deepEqual(accepted.result.data, {
      response: "accept",
      sent: false,
      mailbox: "pat@contoso.test",
    });
    assert.deepEqual(accepted.ops, { CreateItem: 1, DeleteItem: 1 });

    const day = await h.call("get_calendar", { ...pat, ...window });
    const event = day.data.events.find((e: Event) => e.subject === "Quiet sync");
    assert.equal(event.my_response, "Accept", "pat's calendar has the acceptance");
    assert.equal(await drafts(), draftsBefore, "no unsent response is left in pat's Drafts");
    const alexInbox = await h.call("read_emails", { max_results: 100 });
    assert.ok(
      !alexInbox.data.emails.some((e: { subject: string }) => e.subject.endsWith("Quiet sync")),
      "nothing reached the organiser",
    );
    const organiser = await h.call("get_appointment", { event_id: created.data.id });
    assert.notEqual(
      organiser.data.event.required_attendees[0].response,
      "Accept",
      "the organiser's attendee list was not told",
    );
  } finally {
    await h.close();
  }
});

Deno.test("a weekly 09:00 series keeps 09:00 local across the DST change; a week is one CalendarView", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const created = await h.call("create_appointment", {
      subject: "Stand-up",
      start: "2030-03-18T09:00",
      end: "2030-03-18T09:15",
      time_zone: "Europe/Berlin",
      recurrence: "FREQ=WEEKLY;BYDAY=MO;COUNT=4",
    });
    assert.equal(created.isError, false, created.text);
    const view = await counted(h, () =>
      h.call("get_calendar", {
        start: "2030-03-16T00:00",
        end: "2030-04-20T00:00",
        time_zone: "Europe/Berlin",
      }));
    assert.deepEqual(view.ops, { FindItem: 1 });
    const standUps = view.result.data.events.filter((e: Event) => e.subject === "Stand-up");
    assert.deepEqual(standUps.map((e: Event) => e.start), [
      "2030-03-18T09:00:00+01:00",
      "2030-03-25T09:00:00+01:00",
      "2030-04-01T09:00:00+02:00",
      "2030-04-08T09:00:00+02:00",
    ]);
    assert.deepEqual(standUps.map((e: Event) => e.start_utc.slice(11, 16)), [
      "08:00",
      "08:00",
      "07:00",
      "07:00",
    ]);
    assert.ok(standUps.every((e: Event) => e.type === "Occurrence"));

    // The series remembers its zone; one occurrence can move without the others.
    const series = await h.call("get_appointment", { event_id: standUps[2].id, scope: "series" });
    assert.equal(series.data.event.type, "RecurringMaster");
    assert.equal(series.data.event.start_time_zone, "W. Europe Standard Time");
    assert.equal(series.data.event.recurrence, "FREQ=WEEKLY;BYDAY=MO;COUNT=4");
    const moved = await counted(h, () =>
      h.call("update_appointment", {
        event_id: standUps[2].id,
        start: "2030-04-01T10:00",
        end: "2030-04-01T10:15",
        time_zone: "Europe/Berlin",
      }));
    assert.equal(moved.result.isError, false, moved.result.text);
    assert.deepEqual(moved.ops, { UpdateItem: 1 });
    const removed = await h.call("delete_appointment", { event_id: standUps[3].id });
    assert.equal(removed.data.outcome, "deleted");
    const after = await h.call("get_calendar", {
      start: "2030-03-16T00:00",
      end: "2030-04-20T00:00",
      time_zone: "Europe/Berlin",
    });
    assert.deepEqual(
      after.data.events.filter((e: Event) => e.subject === "Stand-up").map((
        e: Event,
      ) => [e.start, e.type]),
      [
        ["2030-03-18T09:00:00+01:00", "Occurrence"],
        ["2030-03-25T09:00:00+01:00", "Occurrence"],
        ["2030-04-01T10:00:00+02:00", "Exception"],
      ],
    );
  } finally {
    await h.close();
  }
});

Deno.test("an all-day event takes dates and spans whole local days", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const created = await h.call("create_appointment", {
      subject: "Company offsite",
      start: "2030-05-02",
      end: "2030-05-03",
      all_day: true,
      time_zone: "Europe/Berlin",
      show_as: "OOF",
    });
    assert.equal(created.isError, false, created.text);
    assert.equal(created.data.start, "2030-05-02T00:00:00+02:00");
    assert.equal(created.data.end, "2030-05-04T00:00:00+02:00");
    const view = await h.call("get_calendar", {
      start: "2030-05-01",
      end: "2030-05-05",
      time_zone: "Europe/Berlin",
    });
    const offsite = view.data.events.find((e: Event) => e.subject === "Company offsite");
    assert.equal(offsite.is_all_day, true);
    assert.equal(offsite.show_as, "OOF");
    assert.equal(offsite.start_utc, "2030-05-01T22:00:00Z");
  } finally {
    await h.close();
  }
});

Deno.test("a meeting across two zones: each side sees its own local time; suggestions fit both days", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const created = await h.call("create_appointment", {
      subject: "Transatlantic sync",
      start: "2030-06-04T10:00",
      end: "2030-06-04T11:00",
      time_zone: "America/New_York",
      required_attendees: ["pat@contoso.test"],
    });
    assert.equal(created.isError, false, created.text);
    const alexView = await h.call("get_calendar", {
      start: "2030-06-04T00:00",
      end: "2030-06-05T00:00",
      time_zone: "Europe/Berlin",
    });
    const patView = await h.call("get_calendar", {
      target_mailbox: "pat@contoso.test",
      start: "2030-06-04T00:00",
      end: "2030-06-05T00:00",
      time_zone: "America/New_York",
    });
    const find = (r: typeof alexView) =>
      r.data.events.find((e: Event) => e.subject === "Transatlantic sync");
    assert.equal(find(alexView).start, "2030-06-04T16:00:00+02:00");
    assert.equal(find(patView).start, "2030-06-04T10:00:00-04:00");
    assert.equal(find(alexView).start_utc, find(patView).start_utc);

    // Alex works 08-17 in Berlin, pat 09-17 in New York: the overlap is 15:00-17:00 Berlin.
    const times = await counted(h, () =>
      h.call("find_meeting_times", {
        attendees: ["alex@contoso.test", "pat@contoso.test"],
        duration_minutes: 60,
        start: "2030-06-04T00:00",
        end: "2030-06-05T00:00",
        time_zone: "Europe/Berlin",
      }));
    assert.deepEqual(times.ops, { GetUserAvailability: 1 });
    const starts = times.result.data.suggestions.map((s: { start: string }) => s.start);
    assert.ok(starts.length > 0);
    for (const start of starts) {
      const hour = Number(start.slice(11, 13));
      assert.ok(hour >= 15 && hour < 17, `${start} is inside both working days`);
    }
    assert.ok(!starts.includes("2030-06-04T16:00:00+02:00"), "the booked hour is not suggested");
    const hours = await h.call("check_availability", {
      emails: ["pat@contoso.test"],
      start: "2030-06-04T00:00",
      end: "2030-06-05T00:00",
    });
    assert.deepEqual(hours.data.people[0].working_hours, {
      days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
      start: "09:00",
      end: "17:00",
      utc_offset_minutes: -300,
      dst_offset_minutes: -240,
    });
  } finally {
    await h.close();
  }
});

Deno.test("check_availability for 20 people is one GetUserAvailability; unknown people say so", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const emails = [
      "alex@contoso.test",
      "pat@contoso.test",
      "ceo@contoso.test",
      "sales@contoso.test",
      ...Array.from({ length: 16 }, (_, i) => `nobody${i}@contoso.test`),
    ];
    const result = await counted(h, () =>
      h.call("check_availability", {
        emails,
        start: "2030-03-05T00:00:00Z",
        end: "2030-03-06T00:00:00Z",
        interval_minutes: 60,
      }));
    assert.equal(result.result.isError, false, result.result.text);
    assert.deepEqual(result.ops, { GetUserAvailability: 1 });
    const people = result.result.data.people;
    assert.equal(people.length, 20);
    assert.equal(people[0].free_busy.length, 24);
    assert.ok(people[4].error);
  } finally {
    await h.close();
  }
});

Deno.test("an attendee declines from the calendar; the organiser cancels with a message", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const created = await h.call("create_appointment", {
      subject: "Vendor call",
      start: "2030-07-01T14:00:00Z",
      end: "2030-07-01T15:00:00Z",
      required_attendees: ["pat@contoso.test", "ceo@contoso.test"],
    });
    const range = { start: "2030-07-01T00:00:00Z", end: "2030-07-02T00:00:00Z" };
    const patEvent =
      (await h.call("get_calendar", { target_mailbox: "pat@contoso.test", ...range }))
        .data.events[0];
    const declined = await counted(h, () =>
      h.call("delete_appointment", {
        target_mailbox: "pat@contoso.test",
        event_id: patEvent.id,
        decline: true,
      }));
    assert.equal(declined.result.data.outcome, "declined");
    assert.deepEqual(declined.ops, { GetItem: 1, CreateItem: 1 });
    const organiser = await h.call("get_appointment", { event_id: created.data.id });
    assert.equal(organiser.data.event.required_attendees[0].response, "Decline");

    const cancelled = await counted(
      h,
      () =>
        h.call("delete_appointment", { event_id: created.data.id, message: "Vendor postponed." }),
    );
    assert.equal(cancelled.result.data.outcome, "cancelled");
    assert.deepEqual(cancelled.ops, { GetItem: 1, CreateItem: 1 });
    assert.equal((await h.call("get_calendar", range)).data.events.length, 0);
    const gone = await h.call("get_appointment", { event_id: created.data.id });
    assert.equal(gone.isError, true);
  } finally {
    await h.close();
  }
});

Deno.test("calendar tools refuse bad input before any request", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    await assertRefusedBeforeSending(h, [
      ["get_calendar", { start: "2030-01-02", end: "2030-01-01" }, /end must be after start/],
      ["get_calendar", { start: "next tuesday", end: "2030-01-01" }, /not a valid time/],
      [
        "get_calendar",
        { start: "2030-01-01", end: "2030-01-02", time_zone: "Mars/Base" },
        /unknown time zone/,
      ],
      ["get_calendar", { start: "2030-01-01", end: "2033-01-02" }, /two years/],
      [
        "create_appointment",
        { subject: "x", start: "2030-01-01T10:00", end: "2030-01-01T09:00" },
        /end must be after start/,
      ],
      ["create_appointment", {
        subject: "x",
        start: "2030-01-01T10:00",
        end: "2030-01-01T11:00",
        required_attendees: ["not-an-address"],
      }, /Not a valid email/],
      ["create_appointment", {
        subject: "x",
        start: "2030-01-01T10:00",
        end: "2030-01-02",
        all_day: true,
      }, /not a date/],
      ["check_availability", {
        emails: Array.from({ length: 101 }, (_, i) => `p${i}@contoso.test`),
        start: "2030-01-01",
        end: "2030-01-02",
      }, /100/],
      ["update_appointment", { event_id: "abc" }, /Nothing to change/],
      ["respond_to_meeting", { id: "abc", response: "maybe" }, /accept/],
      [
        "create_appointment",
        {
          subject: "x",
          start: "2030-01-01T10:00",
          end: "2030-01-01T11:00",
          recurrence: "FREQ=HOURLY",
        },
        /FREQ must be/,
      ],
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("calendars of other mailboxes: impersonation, delegation, and denial", async () => {
  const range = { start: "2030-01-01T00:00:00Z", end: "2030-01-08T00:00:00Z" };
  const impersonating = await startHarness({ validateSchema: true });
  try {
    const pat = await impersonating.call("get_calendar", {
      target_mailbox: "pat@contoso.test",
      ...range,
    });
    assert.equal(pat.isError, false, pat.text);
    assert.equal(pat.data.mailbox, "pat@contoso.test");
    for (const tool of ["get_calendar", "check_availability", "list_rooms"]) {
      const args = tool === "check_availability"
        ? { emails: ["pat@contoso.test"], ...range }
        : tool === "list_rooms"
        ? {}
        : range;
      const denied = await impersonating.call(tool, {
        target_mailbox: "ceo@contoso.test",
        ...args,
      });
      assert.equal(denied.isError, true, `${tool} in a mailbox alex may not impersonate`);
    }
  } finally {
    await impersonating.close();
  }
  const delegate = await startDelegateHarness();
  try {
    const created = await delegate.call("create_appointment", {
      target_mailbox: "pat@contoso.test",
      subject: "Booked by alex for pat",
      start: "2030-01-03T10:00:00Z",
      end: "2030-01-03T11:00:00Z",
    });
    assert.equal(created.isError, false, created.text);
    const pat = await delegate.call("get_calendar", {
      target_mailbox: "pat@contoso.test",
      ...range,
    });
    assert.ok(pat.data.events.some((e: Event) => e.subject === "Booked by alex for pat"));
    const own = await delegate.call("get_calendar", range);
    assert.ok(!own.data.events.some((e: Event) => e.subject === "Booked by alex for pat"));
    const denied = await delegate.call("get_calendar", {
      target_mailbox: "ceo@contoso.test",
      ...range,
    });
    assert.equal(denied.isError, true);
  } finally {
    await delegate.close();
  }
});

Deno.test("the demo week has meetings, a weekly series and an accepted invitation", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const now = new Date();
    const week = await h.call("get_calendar", {
      start: new Date(now.getTime() - 86_400_000).toISOString(),
      end: new Date(now.getTime() + 8 * 86_400_000).toISOString(),
    });
    const subjects = week.data.events.map((e: Event) => e.subject);
    assert.ok(subjects.includes("Budget review"));
    assert.equal(subjects.filter((s: string) => s === "Weekly project sync").length, 2);
    const sync = week.data.events.find((e: Event) => e.subject === "Weekly project sync");
    const full = await h.call("get_appointment", { event_id: sync.id });
    assert.equal(full.data.event.required_attendees[0].response, "Accept");
    assert.ok(full.data.event.online_meeting_url);
  } finally {
    await h.close();
  }
});

Deno.test({
  name: "schema: every calendar request and reply validates, failures included",
  async fn() {
    const h = await startHarness({ record: true, env: { TIMEZONE: "America/New_York" } });
    try {
      const range = { start: "2030-09-02T00:00", end: "2030-09-09T00:00" };
      const created = await h.call("create_appointment", {
        subject: "Schema </t:Subject> & check",
        start: "2030-09-03T10:00",
        end: "2030-09-03T11:00",
        required_attendees: ["pat@contoso.test"],
        optional_attendees: ["ceo@contoso.test"],
        resources: ["room-borealis@contoso.test"],
        body: "<p>html</p>",
        reminder_minutes: 30,
        categories: ["Blue"],
        private: true,
        show_as: "Tentative",
        recurrence: "FREQ=MONTHLY;BYDAY=1TU;COUNT=3",
      });
      assert.equal(created.isError, false, created.text);
      const week = await h.call("get_calendar", range);
      const id = week.data.events[0].id;
      const calls = [
        await h.call("get_appointment", { event_id: id, scope: "series" }),
        await h.call("update_appointment", { event_id: id, location: "Borealis", subject: "New" }),
        await h.call("update_appointment", {
          event_id: id,
          scope: "series",
          start: "2030-09-03T11:00",
          end: "2030-09-03T12:00",
          recurrence: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20301001",
          required_attendees: ["pat@contoso.test", "sales@contoso.test"],
          reminder_minutes: -1,
          categories: [],
          location: null,
        }),
        await h.call("check_availability", {
          emails: ["pat@contoso.test", "x@example.com"],
          ...range,
        }),
        await h.call("find_meeting_times", {
          attendees: ["pat@contoso.test"],
          rooms: ["room-aurora@contoso.test"],
          duration_minutes: 30,
          ...range,
        }),
        await h.call("list_rooms", { room_list: "rooms-hq@contoso.test" }),
        await h.call("create_appointment", {
          subject: "All day",
          start: "2030-09-05",
          end: "2030-09-05",
          all_day: true,
        }),
      ];
      for (const r of calls) assert.equal(r.isError, false, r.text);
      const pat = await h.call("get_calendar", { target_mailbox: "pat@contoso.test", ...range });
      // The series update replaced the recurrence (and with it the earlier exception).
      const patEvent = pat.data.events[0];
      assert.equal(patEvent.start, "2030-09-03T11:00:00-04:00", "the update reached pat");
      for (const response of ["tentative", "decline"] as const) {
        await h.call("respond_to_meeting", {
          target_mailbox: "pat@contoso.test",
          id: patEvent.id,
          response,
          send_response: response === "decline",
        });
      }
      const cancelled = await h.call("delete_appointment", { event_id: id, scope: "series" });
      assert.equal(cancelled.data?.outcome, "cancelled", cancelled.text);
      // Failures: their replies must be as valid as successes.
      assert.equal((await h.call("get_appointment", { event_id: id })).isError, true);
      assert.equal(
        (await h.call("get_calendar", { ...range, folder: "inbox/none" })).isError,
        true,
      );
      assert.equal(
        (await h.call("list_rooms", { room_list: "nolist@contoso.test" })).isError,
        true,
      );
      await assertExchangesValid(h);
    } finally {
      await h.close();
    }
  },
});
