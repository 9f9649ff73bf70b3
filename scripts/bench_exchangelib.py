"""The exchangelib side of `deno task bench`: the same workloads as scripts/bench.ts, done the way
an exchangelib-based MCP server does them, timed in this process.

Run by scripts/bench.ts with /usr/bin/python3 (Debian's python3-exchangelib). Also usable alone:

    /usr/bin/python3 scripts/bench_exchangelib.py --url http://127.0.0.1:PORT/EWS/Exchange.asmx

With --sync, the script prints {"event": "begin"|"end", "workload": ...} before and after each
timed loop and waits for one line on stdin, so the caller can read the simulator's request
counters exactly around the timed iterations (warm-up excluded).

With --xml FILE, it times only parsing a recorded EWS reply (lxml, as exchangelib parses) and
turning its items into exchangelib Message objects.

The last stdout line is the JSON result.
"""

import argparse
import json
import logging
import resource
import statistics
import sys
import time


def proc_status_kib(field):
    """A field of /proc/self/status in KiB (Linux), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_kib():
    return proc_status_kib("VmRSS")


def peak_rss_kib():
    # VmHWM is this process image's own high-water mark. ru_maxrss is the fallback only: on
    # Linux it carries over the parent's peak across fork+exec, so a child started by a large
    # parent would report the parent's size.
    return proc_status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


RSS_AT_START = rss_kib()

from exchangelib import (  # noqa: E402  (imported after the baseline RSS reading on purpose)
    BASIC,
    DELEGATE,
    IMPERSONATION,
    Account,
    Build,
    Configuration,
    Credentials,
    EWSDateTime,
    EWSTimeZone,
    Mailbox,
    Message,
    Version,
)
from exchangelib.protocol import BaseProtocol  # noqa: E402

RSS_AFTER_IMPORT = rss_kib()

# What a message list shows: the same properties ews-mcp's read_emails returns.
SUMMARY_FIELDS = (
    "subject",
    "sender",
    "to_recipients",
    "datetime_received",
    "is_read",
    "has_attachments",
    "importance",
)

# What get_emails_bulk asks for: the same properties ews-mcp's GetItem names. (exchangelib's
# default, `folder.get(id=...)` without `.only()`, asks for every field of every item type,
# MIME content included, and is several times slower; we compare like with like.)
DETAIL_FIELDS = SUMMARY_FIELDS + (
    "cc_recipients",
    "bcc_recipients",
    "datetime_sent",
    "message_id",
    "conversation_id",
    "size",
    "categories",
    "attachments",
    "parent_folder_id",
    "text_body",
)

# What get_calendar shows per event: the properties ews-mcp's CalendarView names.
EVENT_FIELDS = (
    "subject",
    "sensitivity",
    "categories",
    "start",
    "end",
    "is_all_day",
    "legacy_free_busy_status",
    "location",
    "is_meeting",
    "is_cancelled",
    "is_recurring",
    "type",
    "my_response_type",
    "organizer",
)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def address(mailbox):
    return {"name": mailbox.name, "email": mailbox.email_address} if mailbox else None


def summary(message, with_body=False):
    """One message as a read_emails-style tool result entry."""
    out = {
        "id": message.id,
        "subject": message.subject,
        "from": address(message.sender),
        "to": [address(r) for r in message.to_recipients or []],
        "received": message.datetime_received.isoformat() if message.datetime_received else None,
        "is_read": message.is_read,
        "has_attachments": message.has_attachments,
        "importance": message.importance,
    }
    if with_body:
        out["body"] = (message.text_body or "")[:4000]
    return out


def details(message):
    """One message in full, as get_emails_bulk returns it (exchangelib 4.9 has no flag field)."""
    return {
        "id": message.id,
        "subject": message.subject,
        "from": address(message.sender),
        "to": [address(r) for r in message.to_recipients or []],
        "cc": [address(r) for r in message.cc_recipients or []],
        "received": message.datetime_received.isoformat() if message.datetime_received else None,
        "is_read": message.is_read,
        "importance": message.importance,
        "has_attachments": message.has_attachments,
        "categories": message.categories or [],
        "body": (message.text_body or "")[:50000],
        "folder_id": message.parent_folder_id.id if message.parent_folder_id else None,
    }


def event(item):
    """One calendar event as get_calendar returns it."""
    return {
        "id": item.id,
        "subject": item.subject,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "is_all_day": item.is_all_day,
        "location": item.location,
        "organizer": address(item.organizer),
        "show_as": item.legacy_free_busy_status,
        "type": item.type,
        "is_meeting": item.is_meeting,
        "is_cancelled": item.is_cancelled,
        "my_response": item.my_response_type,
        "categories": item.categories or [],
        "sensitivity": item.sensitivity,
    }


def free_busy(email, view):
    """One person's free/busy as check_availability returns it."""
    hours = view.working_hours[0] if view.working_hours else None
    return {
        "email": email,
        "free_busy": view.merged,
        "busy": [
            {
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "status": e.busy_type,
                "subject": e.details.subject if e.details else None,
                "location": e.details.location if e.details else None,
            }
            for e in view.calendar_events or []
        ],
        "working_hours": {
            "days": hours.weekdays,
            "start": hours.start.isoformat(),
            "end": hours.end.isoformat(),
        }
        if hours
        else None,
    }


def page(account, offset, size, with_body=False):
    fields = SUMMARY_FIELDS + (("text_body",) if with_body else ())
    query = account.inbox.all().order_by("-datetime_received").only(*fields)
    return [summary(m, with_body) for m in query[offset : offset + size]]


def folder_tree(account):
    # The folder hierarchy is cached per account; drop it so counts are current, as a
    # list_folders tool must report them.
    account.root.clear_cache()
    return [
        {
            "path": f.absolute,
            "total": f.total_count,
            "unread": f.unread_count,
            "children": f.child_folder_count,
        }
        for f in account.msg_folder_root.walk()
    ]


def oof(account):
    settings = account.oof_settings
    return {
        "state": settings.state,
        "audience": settings.external_audience,
        "start": settings.start.isoformat() if settings.start else None,
        "end": settings.end.isoformat() if settings.end else None,
        "internal_reply": settings.internal_reply,
        "external_reply": settings.external_reply,
    }


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def run_workloads(args):
    # exchangelib warns on every naive time in availability replies (EWS writes them in the
    # request's zone, without an offset): logging them would time stderr, not exchangelib.
    logging.disable(logging.WARNING)
    # One connection per account, as a single-user MCP server keeps (ews-mcp keeps a small
    # keep-alive pool too); no retries, so errors surface at once.
    BaseProtocol.SESSION_POOLSIZE = 1
    config = Configuration(
        service_endpoint=args.url,
        credentials=Credentials(args.user, args.password),
        auth_type=BASIC,
        version=Version(build=Build(15, 1, 2507, 6)),
    )
    own = Account(args.user, config=config, autodiscover=False, access_type=DELEGATE)
    team = args.team.split(",") if args.team else []
    team_accounts = [
        Account(t, config=config, autodiscover=False, access_type=IMPERSONATION) for t in team
    ]

    newest = list(own.inbox.all().order_by("-datetime_received").only("subject")[: args.fetch])
    ids = [(m.id, m.changekey) for m in newest]
    counter = {"n": 0}

    def send_many():
        for _ in range(args.sends):
            counter["n"] += 1
            Message(
                account=own,
                folder=own.sent,
                subject=f"Benchmark message {counter['n']}",
                body="A short plain-text message sent by the benchmark.",
                to_recipients=[Mailbox(email_address=args.recipient)],
            ).send_and_save()

    def team_first():
        # New Account objects: nothing learned about these mailboxes yet.
        for t in team:
            page(Account(t, config=config, autodiscover=False, access_type=IMPERSONATION), 0, args.page)

    def team_repeat():
        for account in team_accounts:
            page(account, 0, args.page)

    def fetch():
        return [details(m) for m in own.fetch(ids=ids, only_fields=DETAIL_FIELDS)]

    utc = EWSTimeZone("UTC")
    week_start = EWSDateTime.from_string(args.week_start).astimezone(utc)
    week_end = EWSDateTime.from_string(args.week_end).astimezone(utc)

    def calendar_week():
        view = own.calendar.view(start=week_start, end=week_end).only(*EVENT_FIELDS)
        return [event(i) for i in view]

    def availability():
        views = own.protocol.get_free_busy_info(
            accounts=[(t, "Required", False) for t in team],
            start=week_start,
            end=week_end,
            merged_free_busy_interval=30,
            requested_view="DetailedMerged",
        )
        return [free_busy(t, v) for t, v in zip(team, views)]

    workloads = {
        "list_50": lambda: page(own, 0, args.page),
        "list_50_bodies": lambda: page(own, 0, args.page, with_body=True),
        "fetch_100": fetch,
        "team_first": team_first,
        "team_repeat": team_repeat,
        "calendar_week": calendar_week,
        "availability_20": availability,
        "send_20": send_many,
    }
    selected = args.workloads.split(",") if args.workloads else list(workloads)

    results = {}
    for name in selected:
        work = workloads[name]
        for _ in range(args.warmup):
            work()
        if args.sync:
            emit({"event": "begin", "workload": name})
            sys.stdin.readline()
        samples = []
        for _ in range(args.iterations):
            started = time.perf_counter()
            work()
            samples.append((time.perf_counter() - started) * 1000)
        if args.sync:
            emit({"event": "end", "workload": name})
            sys.stdin.readline()
        results[name] = {
            "median_ms": statistics.median(samples),
            "p95_ms": percentile(samples, 0.95),
            "iterations": len(samples),
        }
    return results


def run_xml(args):
    from exchangelib.util import to_xml

    with open(args.xml, "rb") as f:
        document = f.read()
    ns = {"m": "http://schemas.microsoft.com/exchange/services/2006/messages",
          "t": "http://schemas.microsoft.com/exchange/services/2006/types"}

    def parse():
        return to_xml(document)

    def parse_and_map():
        tree = to_xml(document)
        items = list(tree.iter("{%s}Message" % ns["t"]))
        return [Message.from_xml(elem=e, account=None) for e in items]

    count = len(parse_and_map())
    out = {"bytes": len(document), "messages": count}
    for name, work in (("parse", parse), ("parse_and_map", parse_and_map)):
        for _ in range(args.warmup):
            work()
        samples = []
        for _ in range(args.iterations):
            started = time.perf_counter()
            work()
            samples.append((time.perf_counter() - started) * 1000)
        out[name] = {"median_ms": statistics.median(samples), "p95_ms": percentile(samples, 0.95)}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="EWS URL of the simulator (or an Exchange server)")
    parser.add_argument("--user", default="alex@contoso.test")
    parser.add_argument("--password", default="Demo-Pass-1")
    parser.add_argument("--team", default="", help="comma-separated mailboxes to impersonate")
    parser.add_argument("--recipient", default="bench@fabrikam.example", help="send_email target")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--page", type=int, default=50)
    parser.add_argument("--fetch", type=int, default=100, help="messages fetched by id")
    parser.add_argument("--sends", type=int, default=20, help="mails per send workload")
    parser.add_argument("--week-start", default="2025-06-02T00:00:00Z", help="calendar week (UTC)")
    parser.add_argument("--week-end", default="2025-06-09T00:00:00Z")
    parser.add_argument("--workloads", default="", help="comma-separated subset")
    parser.add_argument("--sync", action="store_true", help="handshake on stdin around each loop")
    parser.add_argument("--xml", help="time parsing this recorded reply instead")
    args = parser.parse_args()

    if args.xml:
        result = {"xml": run_xml(args)}
    elif args.url:
        result = {"workloads": run_workloads(args)}
    else:
        parser.error("give --url or --xml")

    import exchangelib
    import lxml.etree

    result["memory"] = {
        "rss_start_kib": RSS_AT_START,
        "rss_after_import_kib": RSS_AFTER_IMPORT,
        "rss_end_kib": rss_kib(),
        "peak_rss_kib": peak_rss_kib(),
    }
    result["versions"] = {
        "python": sys.version.split()[0],
        "exchangelib": exchangelib.__version__,
        "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)),
    }
    emit(result)


if __name__ == "__main__":
    main()
