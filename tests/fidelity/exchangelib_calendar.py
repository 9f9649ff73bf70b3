"""Drives exchangelib's calendar, availability, contact and task APIs against the EWS simulator
and prints what it saw as JSON.

Usage: exchangelib_calendar.py URL USER PASSWORD
"""

import datetime
from decimal import Decimal

from exchangelib import IMPERSONATION, Attendee, CalendarItem, Contact, EWSDateTime, EWSTimeZone, Mailbox, Task
from exchangelib.indexed_properties import EmailAddress, PhoneNumber
from exchangelib.services import CreateItem

from ews_session import account, arguments, configuration, report


class MimeCalendarItem(CalendarItem):
    """A calendar item described by its MIME content alone: exchangelib's own checks want start
    and end, which the iCalendar carries."""

    def clean(self, version=None):
        pass


def main():
    url, user, password = arguments()
    config = configuration(url, user, password)
    out = {}
    tz = EWSTimeZone("Europe/Berlin")
    alex = account(config, user, default_timezone=tz)

    # The demo week, series expanded by the server.
    now = EWSDateTime.now(tz=tz)
    start = now - datetime.timedelta(days=1)
    end = now + datetime.timedelta(days=8)
    view = list(alex.calendar.view(start=start, end=end))
    out["view"] = sorted(i.subject for i in view)
    out["view_types"] = sorted({i.type for i in view})

    # A weekly series across the DST change keeps 09:00 local.
    series = CalendarItem(
        account=alex,
        folder=alex.calendar,
        subject="Fidelity series",
        start=EWSDateTime(2030, 3, 18, 9, 0, tzinfo=tz),
        end=EWSDateTime(2030, 3, 18, 9, 30, tzinfo=tz),
    )
    from exchangelib.recurrence import Recurrence, WeeklyPattern

    series.recurrence = Recurrence(
        pattern=WeeklyPattern(interval=1, weekdays=[1]), start=datetime.date(2030, 3, 18), number=4
    )
    series.save()
    occurrences = alex.calendar.view(
        start=EWSDateTime(2030, 3, 16, tzinfo=tz), end=EWSDateTime(2030, 4, 20, tzinfo=tz)
    )
    out["series_local"] = [
        o.start.astimezone(tz).strftime("%Y-%m-%d %H:%M") for o in occurrences if o.subject == "Fidelity series"
    ]

    # A meeting that reaches pat.
    meeting = CalendarItem(
        account=alex,
        folder=alex.calendar,
        subject="Fidelity meeting",
        start=EWSDateTime(2030, 6, 4, 10, 0, tzinfo=tz),
        end=EWSDateTime(2030, 6, 4, 11, 0, tzinfo=tz),
        required_attendees=[Attendee(mailbox=Mailbox(email_address="pat@contoso.test"), response_type="Unknown")],
    )
    meeting.save(send_meeting_invitations="SendToAllAndSaveCopy")
    pat = account(config, "pat@contoso.test", IMPERSONATION, default_timezone=tz)
    invitations = [m for m in pat.inbox.filter(subject="Fidelity meeting")]
    out["invitation"] = [type(m).__name__ for m in invitations]
    on_pat_calendar = [
        i for i in pat.calendar.view(start=EWSDateTime(2030, 6, 4, tzinfo=tz), end=EWSDateTime(2030, 6, 5, tzinfo=tz))
    ]
    out["pat_calendar"] = [(i.subject, i.my_response_type) for i in on_pat_calendar]
    on_pat_calendar[0].accept(body="Fine")
    fresh = alex.calendar.get(id=meeting.id)
    out["responses"] = [(a.mailbox.email_address, a.response_type) for a in fresh.required_attendees or []]

    # Availability for pat and a room.
    accounts = [(pat, "Required", False), (account(config, "room-aurora@contoso.test"), "Room", False)]
    info = list(
        alex.protocol.get_free_busy_info(
            accounts=[(a.primary_smtp_address, t, e) for a, t, e in accounts],
            start=EWSDateTime(2030, 6, 4, 0, 0, tzinfo=tz),
            end=EWSDateTime(2030, 6, 5, 0, 0, tzinfo=tz),
        )
    )
    out["free_busy"] = [
        {
            "view_type": i.view_type,
            "events": [(e.start.strftime("%H:%M"), e.end.strftime("%H:%M"), e.busy_type) for e in (i.calendar_events or [])],
            "working_days": (i.working_hours[0].weekdays if i.working_hours else None),
        }
        for i in info
    ]

    # A calendar item created from iCalendar MIME, then read back with its MIME.
    ics = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Fidelity//EN", "BEGIN:VEVENT",
        "UID:fidelity-mime-1", "SUMMARY:Fidelity from MIME", "LOCATION:Room Aurora",
        "DTSTART;TZID=Europe/Berlin:20300805T140000", "DTEND;TZID=Europe/Berlin:20300805T153000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3", "END:VEVENT", "END:VCALENDAR", "",
    ]).encode()
    CreateItem(account=alex).get(
        items=[MimeCalendarItem(account=alex, folder=alex.calendar, mime_content=ics)],
        folder=alex.calendar, message_disposition="SaveOnly", send_meeting_invitations="SendToNone",
    )
    from_mime = alex.calendar.get(subject="Fidelity from MIME")
    out["from_mime"] = [
        from_mime.subject,
        from_mime.start.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        from_mime.end.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        from_mime.location,
        type(from_mime.recurrence.pattern).__name__,
        from_mime.recurrence.boundary.number,
    ]
    mime_back = alex.calendar.get(id=from_mime.id).mime_content.decode()
    out["mime_back"] = [line for line in mime_back.splitlines() if line.startswith(("SUMMARY", "RRULE", "DTSTART;"))]

    # A contact and a task, created and read back.
    contact = Contact(
        account=alex,
        folder=alex.contacts,
        given_name="Fidelity",
        surname="Contact",
        display_name="Fidelity Contact",
        company_name="Exchangelib Ltd",
        email_addresses=[EmailAddress(email="fidelity@example.com", label="EmailAddress1")],
        phone_numbers=[PhoneNumber(label="MobilePhone", phone_number="+1 555 0100")],
    )
    contact.save()
    fetched = alex.contacts.get(id=contact.id)
    out["contact"] = [
        fetched.display_name,
        fetched.company_name,
        [e.email for e in fetched.email_addresses or []],
        [p.phone_number for p in fetched.phone_numbers or []],
    ]
    out["contacts_found"] = sorted(c.display_name for c in alex.contacts.filter(company_name="Exchangelib Ltd"))
    task = Task(
        account=alex,
        folder=alex.tasks,
        subject="Fidelity task",
        due_date=datetime.date(2030, 5, 6),
        status="InProgress",
        percent_complete=Decimal(50),
    )
    task.save()
    got = alex.tasks.get(id=task.id)
    out["task"] = [got.subject, got.status, str(got.due_date), float(got.percent_complete)]
    report(out)


if __name__ == "__main__":
    main()
