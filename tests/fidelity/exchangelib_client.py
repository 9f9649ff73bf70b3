"""Drives a real EWS client (exchangelib) against the EWS simulator and prints what it saw as JSON.

Usage: exchangelib_client.py URL USER PASSWORD
"""

import time

from exchangelib import IMPERSONATION, HTMLBody, Mailbox, Message
from exchangelib.attachments import FileAttachment, ItemAttachment
from exchangelib.folders import Inbox, Root

from ews_session import account, arguments, configuration, report


def main():
    url, user, password = arguments()
    config = configuration(url, user, password)
    out = {"server_version": None}

    alex = account(config, user)
    out["server_version"] = str(alex.version.build)
    out["api_version"] = alex.version.api_version

    inbox = [
        {"subject": m.subject, "is_read": m.is_read, "sender": m.sender.email_address if m.sender else None,
         "received": m.datetime_received.isoformat()}
        for m in alex.inbox.all().order_by("-datetime_received")[:10]
    ]
    out["inbox"] = inbox
    out["inbox_total"] = alex.inbox.total_count
    out["unread"] = alex.inbox.filter(is_read=False).count()

    first = alex.inbox.all().order_by("-datetime_received")[0]
    full = alex.inbox.get(id=first.id, changekey=first.changekey)
    out["item"] = {
        "subject": full.subject,
        "body_type": type(full.body).__name__,
        "body_start": str(full.body)[:40],
        "to": [r.email_address for r in (full.to_recipients or [])],
        "has_attachments": full.has_attachments,
        "message_id": full.message_id,
    }

    subject = f"Fidelity check {time.time_ns()}"
    Message(
        account=alex,
        folder=alex.sent,
        subject=subject,
        body=HTMLBody("<p>Sent by exchangelib</p>"),
        to_recipients=[Mailbox(email_address="pat@contoso.test")],
    ).send_and_save()
    out["sent_subject"] = subject
    out["sent_copy"] = alex.sent.filter(subject=subject).count()

    # Attachments: exchangelib adds a file and an attached message to a draft (CreateAttachment),
    # reads them back (GetItem, GetAttachment), removes one (DeleteAttachment) and reads MIME.
    draft = Message(account=alex, folder=alex.drafts, subject="Fidelity attachments", body="Draft")
    draft.save()
    draft.attach(FileAttachment(name="hello.txt", content=b"Hello from exchangelib"))
    draft.attach(ItemAttachment(name="Inner", item=Message(account=alex, subject="Inner message", body="Inner body")))
    fetched = alex.drafts.get(id=draft.id)
    by_name = {a.name: a for a in fetched.attachments}
    out["attachments"] = sorted((a.name, type(a).__name__) for a in fetched.attachments)
    out["attachment_content"] = by_name["hello.txt"].content.decode()
    out["attached_subject"] = by_name["Inner"].item.subject
    fetched.detach(by_name["hello.txt"])
    out["after_detach"] = [a.name for a in alex.drafts.get(id=draft.id).attachments]
    mime = alex.drafts.get(id=draft.id).mime_content
    out["mime_has_rfc822"] = b"message/rfc822" in mime

    oof = alex.oof_settings
    out["oof"] = {"state": oof.state, "external_audience": oof.external_audience}

    pat = account(config, "pat@contoso.test", IMPERSONATION)
    arrived = list(pat.inbox.filter(subject=subject))
    out["arrived"] = [{"subject": m.subject, "is_read": m.is_read, "from": m.sender.email_address} for m in arrived]
    out["pat_inbox"] = [m.subject for m in pat.inbox.all().order_by("-datetime_received")[:5]]

    # Delegate access: alex opens pat's inbox with his own identity (pat granted Editor on it).
    # pat's root folder is not shared, so the inbox is bound directly, as exchangelib documents
    # for delegates without access to the root.
    pat_delegate = account(config, "pat@contoso.test")
    try:
        pat_delegate.root
        out["pat_delegate_root"] = "allowed"
    except Exception as e:  # noqa: BLE001 - the class name is what we report
        out["pat_delegate_root"] = type(e).__name__
    pat_delegate_inbox = Inbox.get_distinguished(root=Root(account=pat_delegate))
    out["pat_delegate_inbox"] = list(
        pat_delegate_inbox.all().order_by("-datetime_received").values_list("subject", flat=True)[:3]
    )

    # Impersonating a mailbox without the right must surface as exchangelib's own exception.
    ceo = account(config, "ceo@contoso.test", IMPERSONATION)
    try:
        list(ceo.inbox.all()[:1])
        out["ceo_impersonation"] = "allowed"
    except Exception as e:  # noqa: BLE001 - the class name is what we report
        out["ceo_impersonation"] = type(e).__name__

    report(out)


if __name__ == "__main__":
    main()
