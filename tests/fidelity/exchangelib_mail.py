"""Drives exchangelib through searches, replies, moves, flags and syncs against the EWS simulator
and prints what it saw as JSON.

Usage: exchangelib_mail.py URL USER PASSWORD
"""

from datetime import datetime, timezone

from exchangelib import ExtendedProperty, Message, Q

from ews_session import account, arguments, configuration, report


class FlagStatus(ExtendedProperty):
    """PidTagFlagStatus: 2 flagged, 1 complete."""

    property_tag = 0x1090
    property_type = "Integer"


def main():
    url, user, password = arguments()
    config = configuration(url, user, password)
    Message.register("flag_status", FlagStatus)
    alex = account(config, user)
    inbox = alex.inbox
    out = {}

    # Searches: restrictions, Or, date ranges, sorting, AQS.
    out["icontains"] = [m.subject for m in inbox.filter(subject__icontains="FIREWALL")]
    out["or"] = sorted(
        m.subject for m in inbox.filter(Q(subject__icontains="invoice") | Q(subject__icontains="lunch"))
    )
    newest = inbox.all().order_by("-datetime_received")[0].datetime_received
    out["since_newest"] = inbox.filter(datetime_received__gte=newest).count()
    out["by_subject"] = [m.subject for m in inbox.all().order_by("subject").only("subject")[:3]]
    out["aqs"] = [m.subject for m in inbox.filter("subject:firewall")]

    # Syncs: a first full sync, then only what changed.
    first = list(inbox.sync_items(only_fields=["subject"]))
    out["sync_first"] = len(first)
    state = inbox.item_sync_state

    # Replies: reply, reply-all, forward and a reply draft.
    original = inbox.get(subject="Re: Firewall change window")
    original.reply(subject="RE: Firewall change window", body="Noted, thanks.")
    original.reply_all(subject="RE: Firewall change window", body="Noted by all.")
    original.forward(subject="FW: Firewall change window", body="FYI", to_recipients=["pat@contoso.test"])
    draft = original.create_reply(subject="RE: Firewall change window", body="Draft reply").save(
        alex.drafts
    )
    out["reply_draft_saved"] = draft is not None
    out["sent_replies"] = sorted(m.subject for m in alex.sent.filter(subject__icontains="firewall"))

    # Flags and read state through UpdateItem with change keys.
    lunch = inbox.get(subject="Lunch on Thursday?")
    lunch.is_read = True
    lunch.flag_status = 2
    lunch.save(update_fields=["is_read", "flag_status"])
    out["flagged"] = [m.subject for m in inbox.filter(flag_status=2)]
    out["lunch_read"] = inbox.get(subject="Lunch on Thursday?").is_read

    # Moves, copies, deletes.
    printer = inbox.get(subject="Printer on floor 2 jammed again")
    printer.move(alex.junk)
    out["junk"] = [m.subject for m in alex.junk.all()]
    licence = inbox.get(subject="Licence renewal reminder")
    licence.copy(alex.drafts)
    licence.move_to_trash()
    out["trash"] = [m.subject for m in alex.trash.all()]
    weekly = inbox.get(subject="Weekly infrastructure report")
    weekly.delete()

    changes = {}
    for change_type, _item in inbox.sync_items(sync_state=state, only_fields=["subject"]):
        changes[change_type] = changes.get(change_type, 0) + 1
    out["sync_changes"] = changes
    out["finished"] = datetime.now(timezone.utc).isoformat() != ""
    report(out)


if __name__ == "__main__":
    main()
