/**
 * The simulator's calendar, availability and directory operations at the EWS level: the error
 * codes Exchange gives, recurrence expansion in the series' zone, and replies clients rely on.
 */
import assert from "node:assert/strict";
import { find, findAll, x } from "../../ews/xml/mod.ts";
import { addCalendarItem, occurrencesBetween } from "../../sim/store/calendar.ts";
import { demoOrganisation } from "../../sim/seed/demo.ts";
import { call, folderId, messages, responseCode, withSimulator } from "./helpers.ts";

const calendarItem = (...children: ReturnType<typeof x>[]) =>
  x(
    "t:CalendarItem",
    null,
    x("t:Subject", null, "Check"),
    x("t:Start", null, "2030-01-07T09:00:00Z"),
    x("t:End", null, "2030-01-07T10:00:00Z"),
    ...children,
  );

Deno.test("a series expands in its own zone: second Fridays at 09:00 New York stay 09:00 across the US DST change", () => {
  const org = demoOrganisation();
  const alex = org.requireMailbox("alex@contoso.test");
  const item = addCalendarItem(alex, "calendar", {
    subject: "Monthly review",
    start: new Date("2030-03-08T14:00:00Z"),
    end: new Date("2030-03-08T14:30:00Z"),
    startTimeZone: "Eastern Standard Time",
    endTimeZone: "Eastern Standard Time",
    recurrence: {
      pattern: { kind: "RelativeMonthly", interval: 1, day: "Friday", index: "Second" },
      range: { startDate: "2030-03-08", count: 3 },
    },
  });
  const starts = occurrencesBetween(item, new Date("2030-03-01Z"), new Date("2030-06-01Z"))
    .map((o) => o.start.toISOString());
  // Second Fridays; 14:00Z in winter (EST), 13:00Z after 10 March (EDT).
  assert.deepEqual(starts, [
    "2030-03-08T14:00:00.000Z",
    "2030-04-12T13:00:00.000Z",
    "2030-05-10T13:00:00.000Z",
  ]);
});

Deno.test("calendar CreateItem, views and responses answer with Exchange's error codes", () =>
  withSimulator(async (sim) => {
    const create = (attrs: Record<string, string>, item = calendarItem()) =>
      call(sim, x("m:CreateItem", attrs, x("m:Items", null, item))).then((r) => messages(r)[0]);
    assert.equal(responseCode(await create({})), "ErrorSendMeetingInvitationsRequired");
    const backwards = calendarItem(x("t:Location", null, "x"));
    backwards.children = backwards.children!.map((c) =>
      typeof c === "object" && c && "name" in c && c.name === "t:End"
        ? x("t:End", null, "2030-01-07T08:00:00Z")
        : c
    );
    assert.equal(
      responseCode(await create({ SendMeetingInvitations: "SendToNone" }, backwards)),
      "ErrorCalendarEndDateIsEarlierThanStartDate",
    );
    const made = await create({ SendMeetingInvitations: "SendToNone" });
    const id = find(made, "m:Items/t:CalendarItem/t:ItemId")!.attrs.Id;
    const accept = await call(
      sim,
      x(
        "m:CreateItem",
        { MessageDisposition: "SendAndSaveCopy" },
        x("m:Items", null, x("t:AcceptItem", null, x("t:ReferenceItemId", { Id: id }))),
      ),
    );
    assert.equal(responseCode(messages(accept)[0]), "ErrorCalendarIsOrganizerForAccept");
    const tooBig = await call(
      sim,
      x(
        "m:FindItem",
        { Traversal: "Shallow" },
        x("m:ItemShape", null, x("t:BaseShape", null, "IdOnly")),
        x("m:CalendarView", {
          StartDate: "2030-01-01T00:00:00Z",
          EndDate: "2033-01-01T00:00:00Z",
        }),
        x("m:ParentFolderIds", null, folderId("calendar")),
      ),
    );
    assert.equal(responseCode(messages(tooBig)[0]), "ErrorCalendarViewRangeTooBig");
    const attendees = await call(
      sim,
      x(
        "m:FindItem",
        { Traversal: "Shallow" },
        x(
          "m:ItemShape",
          null,
          x("t:BaseShape", null, "IdOnly"),
          x(
            "t:AdditionalProperties",
            null,
            x("t:FieldURI", { FieldURI: "calendar:RequiredAttendees" }),
          ),
        ),
        x("m:CalendarView", { StartDate: "2030-01-01T00:00:00Z", EndDate: "2030-02-01T00:00:00Z" }),
        x("m:ParentFolderIds", null, folderId("calendar")),
      ),
    );
    assert.equal(
      responseCode(messages(attendees)[0]),
      "ErrorInvalidPropertyRequest",
      "FindItem refuses attendee lists, as Exchange does",
    );
  }));

Deno.test("GetUserConfiguration answers a missing OWA.UserOptions as Exchange does", () =>
  withSimulator(async (sim) => {
    const reply = await call(
      sim,
      x(
        "m:GetUserConfiguration",
        null,
        x("m:UserConfigurationName", { Name: "OWA.UserOptions" }, folderId("root")),
        x("m:UserConfigurationProperties", null, "All"),
      ),
    );
    const [message] = messages(reply);
    assert.equal(message.attrs.ResponseClass, "Error");
    assert.equal(responseCode(message), "ErrorItemNotFound");
    assert.match(find(message, "m:MessageText")!.text, /Name = OWA\.UserOptions/);
  }));

Deno.test("room lists, rooms and distribution lists", () =>
  withSimulator(async (sim) => {
    const lists = await call(sim, x("m:GetRoomLists"));
    assert.deepEqual(
      findAll(lists.body, "m:RoomLists/t:Address/t:EmailAddress").map((e) => e.text),
      ["rooms-hq@contoso.test"],
    );
    const rooms = await call(
      sim,
      x(
        "m:GetRooms",
        null,
        x("m:RoomList", null, x("t:EmailAddress", null, "rooms-hq@contoso.test")),
      ),
    );
    assert.equal(findAll(rooms.body, "m:Rooms/t:Room").length, 2);
    const none = await call(
      sim,
      x("m:GetRooms", null, x("m:RoomList", null, x("t:EmailAddress", null, "x@contoso.test"))),
    );
    assert.equal(none.body.attrs.ResponseClass, "Error");
    const dl = await call(
      sim,
      x(
        "m:ExpandDL",
        null,
        x("m:Mailbox", null, x("t:EmailAddress", null, "project-team@contoso.test")),
      ),
    );
    assert.deepEqual(
      findAll(messages(dl)[0], "m:DLExpansion/t:Mailbox/t:MailboxType").map((e) => e.text),
      ["Mailbox", "Mailbox", "PublicDL"],
    );
  }));
