/**
 * Fidelity: a real EWS client (Python exchangelib) must work against the simulator unmodified,
 * including version discovery, folder lookup, paging, sending and impersonation.
 */
import assert from "node:assert/strict";
import { exchangelibAvailable, withExchangelib } from "./exchangelib.ts";

Deno.test({
  name:
    "exchangelib lists, reads, sends, attaches, reads OOF, delegates and impersonates against the simulator",
  ignore: !exchangelibAvailable,
  fn: () =>
    withExchangelib("exchangelib_client.py", (result, sim) => {
      assert.equal(result.server_version, "15.1.2507.6");
      assert.equal(result.api_version, "Exchange2016");
      assert.equal(result.inbox.length, 10);
      assert.equal(result.inbox[0].subject, "Weekly infrastructure report");
      assert.equal(result.inbox[0].sender, "pat@contoso.test");
      assert.equal(result.inbox_total, 12);
      assert.equal(result.unread, 6);
      assert.deepEqual(result.item, {
        subject: "Weekly infrastructure report",
        body_type: "HTMLBody",
        body_start: "<html><body><h2>Infrastructure, week sum",
        to: ["alex@contoso.test"],
        has_attachments: false,
        message_id: result.item.message_id,
      });
      assert.match(result.item.message_id, /^<.+@contoso\.test>$/);
      assert.equal(result.sent_copy, 1);
      assert.deepEqual(result.arrived, [{
        subject: result.sent_subject,
        is_read: false,
        from: "alex@contoso.test",
      }]);
      assert.equal(result.pat_inbox[0], result.sent_subject);
      assert.deepEqual(result.pat_delegate_inbox, result.pat_inbox.slice(0, 3));
      assert.equal(result.pat_delegate_root, "ErrorAccessDenied", "pat shared Inbox, not root");
      assert.deepEqual(result.attachments, [["Inner", "ItemAttachment"], [
        "hello.txt",
        "FileAttachment",
      ]]);
      assert.equal(result.attachment_content, "Hello from exchangelib");
      assert.equal(result.attached_subject, "Inner message");
      assert.deepEqual(result.after_detach, ["Inner"]);
      assert.equal(result.mime_has_rfc822, true);
      // exchangelib sends back the attachment ids GetItem listed: they carry no RootItemId,
      // which GetAttachment's schema refuses, so every fetch was accepted.
      const fetches = sim.exchanges.filter((e) => e.operation === "GetAttachment");
      assert.ok(fetches.length >= 2);
      assert.deepEqual(fetches.filter((e) => e.status !== 200), []);
      assert.equal(result.ceo_impersonation, "ErrorImpersonateUserDenied");
      assert.deepEqual(result.oof, { state: "Disabled", external_audience: "All" });
      assert.ok(sim.stats.connections >= 1);
      assert.ok(
        sim.stats.byOperation.ConvertId >= 1,
        "exchangelib discovers the version with ConvertId",
      );
    }),
});

Deno.test({
  name:
    "exchangelib reads the calendar view, keeps a series' local time over DST, invites an attendee, creates an event from iCalendar, reads availability, creates a contact and a task",
  ignore: !exchangelibAvailable,
  fn: () =>
    withExchangelib("exchangelib_calendar.py", (result, sim) => {
      assert.ok(result.view.includes("Budget review"));
      assert.equal(result.view.filter((s: string) => s === "Weekly project sync").length, 2);
      assert.deepEqual(result.view_types, ["Occurrence", "Single"]);
      assert.deepEqual(result.series_local, [
        "2030-03-18 09:00",
        "2030-03-25 09:00",
        "2030-04-01 09:00",
        "2030-04-08 09:00",
      ]);
      assert.deepEqual(result.invitation, ["MeetingRequest"]);
      assert.deepEqual(result.pat_calendar, [["Fidelity meeting", "NoResponseReceived"]]);
      assert.deepEqual(result.responses, [["pat@contoso.test", "Accept"]]);
      assert.deepEqual(result.free_busy[0].events, [["10:00", "11:00", "Busy"]]);
      assert.deepEqual(result.free_busy[0].working_days, [1, 2, 3, 4, 5]);
      assert.equal(result.free_busy[1].view_type, "FreeBusyMerged");
      assert.deepEqual(result.contact, [
        "Fidelity Contact",
        "Exchangelib Ltd",
        ["fidelity@example.com"],
        ["+1 555 0100"],
      ]);
      assert.deepEqual(result.contacts_found, ["Fidelity Contact"]);
      assert.deepEqual(result.from_mime, [
        "Fidelity from MIME",
        "2030-08-05 14:00",
        "2030-08-05 15:30",
        "Room Aurora",
        "WeeklyPattern",
        3,
      ]);
      assert.deepEqual(result.mime_back, [
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", // the VTIMEZONE's rules
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
        "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;WKST=MO;COUNT=3",
        "SUMMARY:Fidelity from MIME",
        "DTSTART;TZID=W. Europe Standard Time:20300805T140000",
      ]);
      assert.deepEqual(result.task, ["Fidelity task", "InProgress", "2030-05-06", 50]);
      assert.equal(sim.stats.byOperation.GetUserAvailability, 1);
      assert.ok(sim.stats.byOperation.GetServerTimeZones >= 1);
    }),
});
