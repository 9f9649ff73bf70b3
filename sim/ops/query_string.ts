/**
 * The AQS subset FindItem's `m:QueryString` understands here:
 * - words and "quoted phrases": each must occur in subject, body, sender or recipients;
 * - `subject:`, `body:`, `from:`, `to:`, `cc:`, `participants:` narrow a word to a field;
 * - `has:attachment` (or `hasattachment:true`), `isread:true|false`, `isflagged:true|false`,
 *   `importance:high|normal|low`, `category:name`;
 * - `received:` / `sent:` with a date (that day), a comparison (`received>=2025-06-01`,
 *   `received:<2025-06-01`) or a range (`received:2025-06-01..2025-06-03`);
 * - `AND` is implied; `OR` separates alternatives, `NOT` (and `-word`) negates the next term;
 *   parentheses are accepted but do not group (AND binds tighter than OR throughout).
 * Matching is case-insensitive; anything else is treated as words, as Exchange's parser does
 * with what it does not recognise.
 */
import type { MessageItem } from "../store/types.ts";
import { bodyText } from "./body.ts";
import type { Predicate } from "./restriction.ts";

const DAY = 24 * 3600 * 1000;

function dateTest(expr: string): Predicate<Date> | undefined {
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(expr);
  if (range) {
    const from = Date.parse(range[1]);
    const to = Date.parse(range[2]) + DAY;
    return (d) => d.getTime() >= from && d.getTime() < to;
  }
  const cmp = /^(>=|<=|>|<|=)?(\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?)$/.exec(expr);
  if (!cmp) return undefined;
  const at = Date.parse(cmp[2]);
  if (Number.isNaN(at)) return undefined;
  const dayOnly = !cmp[2].includes("T");
  const end = dayOnly ? at + DAY : at;
  switch (cmp[1]) {
    case ">=":
      return (d) => d.getTime() >= at;
    case ">":
      return (d) => d.getTime() >= end;
    case "<=":
      return (d) => d.getTime() < end;
    case "<":
      return (d) => d.getTime() < at;
    default:
      return dayOnly ? (d) => d.getTime() >= at && d.getTime() < end : (d) => d.getTime() === at;
  }
}

function fields(item: MessageItem): Record<string, string> {
  const addresses = (list: MessageItem["toRecipients"]) =>
    list.map((a) => `${a.name ?? ""} ${a.emailAddress}`).join(" ");
  const from = item.from ? `${item.from.name ?? ""} ${item.from.emailAddress}` : "";
  return {
    subject: item.subject,
    body: bodyText(item.body),
    from,
    to: addresses(item.toRecipients),
    cc: addresses(item.ccRecipients),
    participants: [from, addresses(item.toRecipients), addresses(item.ccRecipients)].join(" "),
  };
}

function term(field: string | undefined, value: string): Predicate<MessageItem> {
  const word = value.toLowerCase();
  const bool = word === "true" || word === "yes";
  switch (field) {
    case "has":
      if (word.startsWith("attachment")) return (i) => i.attachments.some((a) => !a.isInline);
      break;
    case "hasattachment":
    case "hasattachments":
      return (i) => i.attachments.some((a) => !a.isInline) === bool;
    case "isread":
      return (i) => i.isRead === bool;
    case "importance":
      return (i) => i.importance.toLowerCase() === word;
    case "category":
    case "categories":
      return (i) => i.categories.some((c) => c.toLowerCase() === word);
    case "isflagged":
      return (i) => (i.flag?.status === "Flagged") === bool;
    case "received":
    case "sent": {
      const test = dateTest(value);
      if (test) {
        return field === "received" ? (i) => test(i.dateTimeReceived) : (i) => test(i.dateTimeSent);
      }
      break;
    }
  }
  return (item) => {
    const f = fields(item);
    if (field && field in f) return f[field].toLowerCase().includes(word);
    return Object.values(f).join("\n").toLowerCase().includes(word);
  };
}

export function compileQueryString(query: string): Predicate<MessageItem> {
  // field:value, field>=value (comparisons written without a colon), "phrases" and words.
  const tokens = [
    ...query.replace(/[()]/g, " ").matchAll(/(-)?(?:(\w+)(:|(?=[<>=])))?(?:"([^"]*)"|(\S+))/g),
  ];
  const clauses: Predicate<MessageItem>[][] = [[]];
  let negateNext = false;
  for (const m of tokens) {
    const value = m[4] ?? m[5] ?? "";
    const field = m[2]?.toLowerCase();
    if (!field && !m[4]) {
      if (value === "AND") continue;
      if (value === "OR") {
        clauses.push([]);
        continue;
      }
      if (value === "NOT") {
        negateNext = true;
        continue;
      }
    }
    if (value === "") continue;
    const test = term(field, value);
    const negate = negateNext || m[1] === "-";
    negateNext = false;
    clauses[clauses.length - 1].push(negate ? (i) => !test(i) : test);
  }
  // OR separates alternatives of ANDed terms (AQS binds AND tighter).
  return (item) => clauses.some((all) => all.every((p) => p(item)));
}
