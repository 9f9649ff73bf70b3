/**
 * The demo organisation's calendars and directory: a room list with two rooms, distribution
 * lists (one nested), working hours in two time zones, and a week of meetings around the base
 * date, among them a weekly series and an all-day event.
 */
import { ianaTimeZone, wallClock, zonedToUtc } from "../../ews/timezones.ts";
import {
  addCalendarItem,
  calendarItems,
  DAY_NAMES,
  type NewCalendarItem,
} from "../store/calendar.ts";
import { directoryOf } from "../store/directory.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { sendInvitations, setResponse } from "../store/meetings.ts";
import type { Organisation } from "../store/organisation.ts";
import { setWorkingHours } from "../store/working_hours.ts";

export const DEMO_ROOMS = [
  { email: "room-aurora@contoso.test", displayName: "Aurora (8 seats)" },
  { email: "room-borealis@contoso.test", displayName: "Borealis (4 seats)" },
];
export const DEMO_ROOM_LIST = "rooms-hq@contoso.test";
export const DEMO_LISTS = {
  projectTeam: "project-team@contoso.test",
  leadership: "leadership@contoso.test",
};

const BERLIN = "W. Europe Standard Time";

/** A time `days` after the base date's day, at hh:mm in Europe/Berlin. */
function at(base: Date, days: number, hour: number, minute = 0): Date {
  const zone = ianaTimeZone(BERLIN);
  const day = wallClock(new Date(base.getTime() + days * 86_400_000), zone);
  return zonedToUtc({ year: day.year, month: day.month, day: day.day, hour, minute }, zone);
}

export function seedDemoCalendars(org: Organisation, base: Date): void {
  for (const room of DEMO_ROOMS) {
    org.addMailbox({
      address: room.email,
      displayName: room.displayName,
      password: crypto.randomUUID(),
    });
  }
  const directory = directoryOf(org);
  directory.roomLists.push({
    address: DEMO_ROOM_LIST,
    name: "Contoso HQ rooms",
    rooms: DEMO_ROOMS.map((r) => r.email),
  });
  directory.distributionLists.push(
    {
      address: DEMO_LISTS.projectTeam,
      name: "Project team",
      members: ["alex@contoso.test", "pat@contoso.test", DEMO_LISTS.leadership],
    },
    {
      address: DEMO_LISTS.leadership,
      name: "Leadership",
      members: ["ceo@contoso.test", "advisor@fabrikam.example"],
    },
  );
  const alex = org.requireMailbox("alex@contoso.test");
  const pat = org.requireMailbox("pat@contoso.test");
  const ceo = org.requireMailbox("ceo@contoso.test");
  const sales = org.requireMailbox("sales@contoso.test");
  setWorkingHours(alex, { timeZone: "Europe/Berlin" });
  setWorkingHours(pat, { timeZone: "America/New_York", startMinutes: 9 * 60 });
  setWorkingHours(ceo, { timeZone: "Europe/Berlin" });

  const attendee = (m: Mailbox) => ({ address: m.emailAddress, response: "Unknown" as const });
  const meeting = (organiser: Mailbox, input: NewCalendarItem, accept: Mailbox[] = []) => {
    const item = addCalendarItem(organiser, "calendar", {
      startTimeZone: BERLIN,
      endTimeZone: BERLIN,
      ...input,
      organizer: organiser.emailAddress,
      isMeeting: true,
    }, org.now());
    // Invitations went out and were answered before the demo starts: no mail is left of them.
    sendInvitations(org, organiser, item, undefined, { saveCopy: false, noMessages: true });
    for (const m of accept) {
      const copy = [...calendarItems(m).values()].find((c) => c.uid === item.uid)!;
      copy.myResponse = "Accept";
      copy.freeBusy = "Busy";
      setResponse(item, m.address, "Accept", org.now());
    }
    return item;
  };
  const first = at(base, 0, 9);
  const weekday = wallClock(first, "Europe/Berlin").weekday;
  meeting(alex, {
    subject: "Weekly project sync",
    body: { type: "Text", content: "Status, risks, next steps." },
    start: first,
    end: at(base, 0, 9, 30),
    location: "Microsoft Teams",
    onlineMeetingUrl: "https://teams.example/l/meetup-join/weekly-sync",
    required: [attendee(pat)],
    categories: ["Project"],
    recurrence: {
      pattern: {
        kind: "Weekly",
        interval: 1,
        days: [DAY_NAMES[weekday]],
        firstDayOfWeek: "Monday",
      },
      range: { startDate: first.toISOString().slice(0, 10) },
    },
  }, [pat]);
  meeting(alex, {
    subject: "Budget review",
    start: at(base, 1, 14),
    end: at(base, 1, 15),
    location: "Aurora (8 seats)",
    required: [attendee(pat), attendee(ceo)],
    resources: [{
      address: org.requireMailbox(DEMO_ROOMS[0].email).emailAddress,
      response: "Unknown",
    }],
  }, [ceo]);
  meeting(pat, {
    subject: "Customer workshop preparation",
    start: at(base, 2, 16),
    end: at(base, 2, 17, 30),
    required: [attendee(alex)],
  });
  addCalendarItem(pat, "calendar", {
    subject: "Dentist",
    start: at(base, 3, 11),
    end: at(base, 3, 12),
    sensitivity: "Private",
    freeBusy: "OOF",
    startTimeZone: BERLIN,
    endTimeZone: BERLIN,
  }, org.now());
  addCalendarItem(ceo, "calendar", {
    subject: "Board meeting",
    start: at(base, 4, 10),
    end: at(base, 4, 13),
    location: "Board room",
    startTimeZone: BERLIN,
    endTimeZone: BERLIN,
  }, org.now());
  const fair = wallClock(at(base, 0, 12), "Europe/Berlin");
  addCalendarItem(sales, "calendar", {
    subject: "Trade fair",
    start: zonedToUtc({ year: fair.year, month: fair.month, day: fair.day }, "Europe/Berlin"),
    end: zonedToUtc({ year: fair.year, month: fair.month, day: fair.day + 3 }, "Europe/Berlin"),
    isAllDay: true,
    freeBusy: "OOF",
    startTimeZone: BERLIN,
    endTimeZone: BERLIN,
  }, org.now());
}
