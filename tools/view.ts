/**
 * Helpers for a tool's `view`: the text a model reads. Listings are tables (the field names
 * once, then one row per entry) and leave out what every entry would repeat.
 */
import type { EmailAddress } from "../ews/types.ts";
import { compact } from "./result_text.ts";
import type { MessageSummary } from "./shapes.ts";

/**
 * Entries as `{columns, rows}`: the columns any entry has a value for, in first-seen order, and
 * each entry as a row of cells ("" where it has none).
 */
export function asTable(entries: Record<string, unknown>[]) {
  const cells = entries.map((entry) =>
    Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, compact(value) ?? ""]))
  );
  const columns = [...new Set(entries.flatMap((entry) => Object.keys(entry)))]
    .filter((column) => cells.some((row) => row[column] !== "" && row[column] !== undefined));
  return { columns, rows: cells.map((row) => columns.map((column) => row[column] ?? "")) };
}

const isMailbox = (a: EmailAddress | undefined, mailbox: string) =>
  a?.email.toLowerCase() === mailbox.toLowerCase();

/**
 * A listing entry as the model reads it: the mailbox itself not repeated as sender, times to the minute when the seconds are zero, and one `flags` cell for what is
 * not the default (unread, high or low importance, attachments, a cut body).
 */
export function summaryRow(s: MessageSummary, mailbox: string) {
  const flags = [
    !s.is_read && "unread",
    s.importance !== "Normal" && s.importance.toLowerCase(),
    s.has_attachments && "attachments",
    s.truncated && "truncated",
  ].filter(Boolean).join(" ");
  return {
    id: s.id,
    subject: s.subject,
    from: isMailbox(s.from, mailbox) ? undefined : s.from,
    to: s.to,
    received_time: s.received_time?.replace(/:00(\.0+)?Z$/, "Z"),
    flags,
    preview: s.preview,
    body: s.body,
    body_length: s.truncated ? s.body_length : undefined,
  };
}

/** A page of messages as a table. */
export function messageTable(messages: MessageSummary[], mailbox: string) {
  return asTable(messages.map((m) => summaryRow(m, mailbox)));
}
