/**
 * The server's `instructions`: sent once per session, so the conventions every tool shares are
 * described here instead of in each tool's schema (where a model would pay for them per tool).
 */
import { WELL_KNOWN_FOLDERS } from "../ews/ops/folder_ref.ts";

const WELL_KNOWN = WELL_KNOWN_FOLDERS.filter((name) => name !== "root").join(", ");

const SHARED = [
  "Microsoft Exchange mailboxes over EWS. Conventions shared by every tool:",
  "- target_mailbox: SMTP address of another user's mailbox to act on (impersonation or " +
  "delegate access, when the server allows it); omit it for the account's own mailbox. " +
  "Each result names the mailbox it acted on.",
  "- Ids (message, folder, attachment…) are opaque strings from earlier results; use them " +
  "with the same mailbox.",
  `- A folder is a well-known name (${WELL_KNOWN}), a path as list_folders shows it ` +
  "(Inbox/Projects), or a folder id.",
  "- Paging: max_results is the page size; for the next page pass offset = next_offset from " +
  "the previous result; no next_offset means the last page.",
  "- Times are ISO 8601; results give them in UTC. Calendar and task tools also take local " +
  "date-times (2030-03-30T09:00) in time_zone (IANA; default the configured zone, else UTC) " +
  "and give each time in that zone too (start, and start_utc). Recurrences are RRULEs.",
  "- idempotency_key (tools that send mail): any unique string; a retry with the same key and " +
  "content is not sent again, and after an uncertain failure it is refused (check Sent Items).",
  "- attachments (when sending or adding): each content_base64 with a name, or file_path " +
  "relative to the server's upload directory; save_to_file writes into its download directory.",
  "- Text results leave out empty fields. Listings are tables (columns once, then rows) with a " +
  "short preview per message and a flags cell (unread, high/low importance, attachments); the " +
  "mailbox itself is not repeated as sender or recipient. Bodies are cut at max_body_chars: " +
  "truncated and body_length then say so.",
];

const DYNAMIC =
  "- Tools come in toolsets, loaded on demand: list_toolsets shows them, enable_toolset " +
  "loads one (the tool list then changes).";

export function serverInstructions(options: { dynamic: boolean }): string {
  return [...SHARED, ...(options.dynamic ? [DYNAMIC] : [])].join("\n");
}
