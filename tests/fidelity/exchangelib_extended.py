"""Drives exchangelib through extended (MAPI) properties and MIME against the EWS simulator and
prints what it saw as JSON: a custom property registered, set, read, filtered and changed; the
inbox read only through MAPI tags; a MIME message created, read back as MIME and sent to pat.

Usage: exchangelib_extended.py URL
"""

import email
import email.policy
from email.message import EmailMessage

from exchangelib import UTC, CalendarItem, Contact, EWSDateTime, ExtendedProperty, Folder, Message

from ews_session import account, arguments, configuration, report


class IdempotencyKey(ExtendedProperty):
    """A custom named property in PS_PUBLIC_STRINGS, as an application would keep one."""

    distinguished_property_set_id = "PublicStrings"
    property_name = "X-Ews-Mcp-Idempotency-Key"
    property_type = "String"


class Labels(ExtendedProperty):
    """A custom multi-valued property in a GUID property set, by numeric id."""

    property_set_id = "c11ff724-aa03-4555-9952-8fa248a11c3e"
    property_id = 0x8021
    property_type = "StringArray"


class Project(ExtendedProperty):
    """A custom property registered on calendar items and contacts."""

    distinguished_property_set_id = "PublicStrings"
    property_name = "X-Ews-Mcp-Project"
    property_type = "String"


def tag(number, kind):
    return type(f"Tag{number:04X}", (ExtendedProperty,), {"property_tag": number, "property_type": kind})


def connect(url, user, password):
    return account(configuration(url, user, password), user)


def mime_message():
    message = EmailMessage()
    message["From"] = "Alex Wilber <alex@contoso.test>"
    message["To"] = "Pat Doe <pat@contoso.test>"
    message["Subject"] = "MIME round trip"
    message["Message-ID"] = "<mime-round-trip@contoso.test>"
    message.set_content("Body written as MIME.\n")
    message.add_attachment(b"a,b\n1,2\n", maintype="text", subtype="csv", filename="numbers.csv")
    return message.as_bytes()


def main():
    url, user, password = arguments()
    Message.register("idempotency_key", IdempotencyKey)
    Message.register("labels", Labels)
    Message.register("mapi_size", tag(0x0E08, "Integer"))
    Message.register("mapi_delivery", tag(0x0E06, "SystemTime"))
    Message.register("mapi_flags", tag(0x0E07, "Integer"))
    Message.register("mapi_article", tag(0x0E23, "Integer"))
    Message.register("mapi_flag_status", tag(0x1090, "Integer"))
    Folder.register("mapi_container_class", tag(0x3613, "String"))
    Folder.register("mapi_content_count", tag(0x3602, "Integer"))
    Folder.register("mapi_unread_count", tag(0x3603, "Integer"))
    alex = connect(url, user, password)
    out = {}

    # Custom properties: set on create, read, filter, change, and absent where never set.
    Message(
        account=alex, folder=alex.drafts, subject="Keyed draft", body="x",
        idempotency_key="key-1", labels=["red", "blue"],
    ).save()
    Message(account=alex, folder=alex.drafts, subject="Unkeyed draft", body="y").save()
    keyed = alex.drafts.get(subject="Keyed draft")
    out["custom_read"] = [keyed.idempotency_key, keyed.labels]
    out["custom_filter"] = [m.subject for m in alex.drafts.filter(idempotency_key="key-1")]
    keyed.idempotency_key = "key-2"
    keyed.save(update_fields=["idempotency_key"])
    out["custom_changed"] = alex.drafts.get(subject="Keyed draft").idempotency_key
    out["custom_absent"] = alex.drafts.get(subject="Unkeyed draft").idempotency_key

    # The inbox read only through MAPI tags agrees with the FieldURI view.
    by_field = {m.id: m for m in alex.inbox.all().only("size", "datetime_received", "is_read")}
    by_tag = list(alex.inbox.all().only("mapi_size", "mapi_delivery", "mapi_flags", "mapi_article"))
    out["tag_count"] = [len(by_tag), len(by_field), alex.inbox.total_count]
    out["tag_agrees"] = all(
        m.mapi_size == by_field[m.id].size
        and m.mapi_delivery == by_field[m.id].datetime_received
        and bool(m.mapi_flags & 1) == by_field[m.id].is_read
        and m.mapi_article > 0
        for m in by_tag
    )

    # Flags set through PidTagFlagStatus stick and are searchable.
    lunch = alex.inbox.get(subject="Lunch on Thursday?")
    lunch.mapi_flag_status = 2
    lunch.save(update_fields=["mapi_flag_status"])
    out["flagged"] = [m.subject for m in alex.inbox.filter(mapi_flag_status=2)]

    # Folders through MAPI tags.
    alex.inbox.refresh()
    out["inbox_counts"] = [
        alex.inbox.mapi_container_class,
        alex.inbox.mapi_content_count == alex.inbox.total_count,
        alex.inbox.mapi_unread_count == alex.inbox.unread_count,
    ]

    # Custom properties on calendar items and contacts: set, read, filter, change; unregistered after.
    CalendarItem.register("project", Project)
    Contact.register("project", Project)
    try:
        CalendarItem(
            account=alex, folder=alex.calendar, subject="Keyed event", project="apollo",
            start=EWSDateTime(2030, 2, 4, 9, 0, tzinfo=UTC), end=EWSDateTime(2030, 2, 4, 10, 0, tzinfo=UTC),
        ).save(send_meeting_invitations="SendToNone")
        event = alex.calendar.get(subject="Keyed event")
        out["calendar_custom"] = [event.project, [i.subject for i in alex.calendar.filter(project="apollo")]]
        event.project = "gemini"
        event.save(update_fields=["project"], send_meeting_invitations="SendToNone")
        out["calendar_custom"].append(alex.calendar.get(subject="Keyed event").project)
        Contact(account=alex, folder=alex.contacts, display_name="Keyed Contact", project="apollo").save()
        contact = alex.contacts.get(display_name="Keyed Contact")
        out["contact_custom"] = [
            contact.project,
            [c.display_name for c in alex.contacts.filter(project="apollo")],
        ]
        contact.project = "gemini"
        contact.save(update_fields=["project"])
        out["contact_custom"].append(alex.contacts.get(display_name="Keyed Contact").project)
    finally:
        CalendarItem.deregister("project")
        Contact.deregister("project")

    # MIME in and out: a saved draft, then a send that reaches pat.
    Message(account=alex, folder=alex.drafts, mime_content=mime_message()).save()
    saved = alex.drafts.get(subject="MIME round trip")
    parsed = email.message_from_bytes(saved.mime_content, policy=email.policy.default)
    attachment = next(parsed.iter_attachments())
    out["mime_back"] = [
        parsed["Subject"],
        parsed.get_body(("plain", "html")).get_content().strip(),
        attachment.get_filename(),
        attachment.get_content().decode() if isinstance(attachment.get_content(), bytes)
        else attachment.get_content(),
        [a.name for a in saved.attachments],
    ]
    Message(account=alex, folder=alex.sent, mime_content=mime_message()).send_and_save()
    pat = connect(url, "pat@contoso.test", "Demo-Pass-2")
    received = pat.inbox.get(subject="MIME round trip")
    out["mime_sent"] = [
        received.subject,
        received.text_body.strip(),
        [a.name for a in received.attachments],
        received.attachments[0].content.decode(),
        received.sender.email_address,
    ]
    report(out)


if __name__ == "__main__":
    main()
