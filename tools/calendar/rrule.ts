/**
 * Recurrence as iCalendar RRULE text (RFC 5545), which models know well and which costs few
 * bytes in a schema: `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`. The subset EWS can express: DAILY,
 * WEEKLY (BYDAY), MONTHLY (BYMONTHDAY, or BYDAY with an ordinal such as 2TU or -1FR), YEARLY
 * (BYMONTH with BYMONTHDAY or an ordinal BYDAY); INTERVAL; COUNT or UNTIL.
 */
import type { DayName, Recurrence, WeekIndex } from "../../ews/calendar_types.ts";
import { EwsError } from "../../ews/errors.ts";

const DAYS: Record<string, DayName> = {
  SU: "Sunday",
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
};
const CODES = Object.fromEntries(Object.entries(DAYS).map(([k, v]) => [v, k]));
const WEEKS: Record<string, WeekIndex> = {
  "1": "First",
  "2": "Second",
  "3": "Third",
  "4": "Fourth",
  "-1": "Last",
};
const ORDINALS = Object.fromEntries(Object.entries(WEEKS).map(([k, v]) => [v, k]));

const invalid = (why: string) =>
  new EwsError(`recurrence: ${why}`, {
    kind: "invalid_input",
    hint: "Use an RRULE such as FREQ=WEEKLY;BYDAY=MO;COUNT=10.",
  });

/** Parses an RRULE for a series whose first day is `startDate` (YYYY-MM-DD, local). */
export function parseRrule(text: string, startDate: string): Recurrence {
  const parts = new Map<string, string>();
  for (const part of text.trim().replace(/^RRULE:/i, "").split(";").filter(Boolean)) {
    const [key, value] = part.split("=");
    if (!key || value === undefined) throw invalid(`cannot read "${part}"`);
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const known = new Set([
    "FREQ",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "COUNT",
    "UNTIL",
    "WKST",
  ]);
  for (const key of parts.keys()) if (!known.has(key)) throw invalid(`${key} is not supported`);
  const number = (key: string, min: number, max: number) => {
    const value = parts.get(key);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw invalid(`${key} must be ${min}-${max}`);
    return n;
  };
  const [y, m, d] = startDate.split("-").map(Number);
  const interval = number("INTERVAL", 1, 99) ?? 1;
  const days = (parts.get("BYDAY") ?? "").split(",").filter(Boolean).map((entry) => {
    const match = /^(-1|[1-4])?(SU|MO|TU|WE|TH|FR|SA)$/.exec(entry);
    if (!match) throw invalid(`BYDAY "${entry}" is not supported`);
    return { ordinal: match[1], day: DAYS[match[2]] };
  });
  const monthDay = number("BYMONTHDAY", 1, 31);
  const month = number("BYMONTH", 1, 12) ?? m;
  const relative = days[0]?.ordinal !== undefined;
  let pattern: Recurrence["pattern"];
  switch (parts.get("FREQ")) {
    case "DAILY":
      pattern = { type: "daily", interval };
      break;
    case "WEEKLY": {
      const weekday = Object.values(DAYS)[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
      pattern = {
        type: "weekly",
        interval,
        days: days.length ? days.map((x) => x.day) : [weekday],
      };
      break;
    }
    case "MONTHLY":
      pattern = relative
        ? {
          type: "monthly_relative",
          interval,
          weekday: days[0].day,
          week: WEEKS[days[0].ordinal!],
        }
        : { type: "monthly", interval, dayOfMonth: monthDay ?? d };
      break;
    case "YEARLY":
      pattern = relative
        ? { type: "yearly_relative", month, weekday: days[0].day, week: WEEKS[days[0].ordinal!] }
        : { type: "yearly", month, dayOfMonth: monthDay ?? d };
      break;
    default:
      throw invalid("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  }
  const count = number("COUNT", 1, 999);
  const until = parts.get("UNTIL");
  if (count !== undefined && until !== undefined) throw invalid("give COUNT or UNTIL, not both");
  let endDate: string | undefined;
  if (until !== undefined) {
    const u = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(until);
    if (!u) throw invalid("UNTIL must be YYYYMMDD");
    endDate = `${u[1]}-${u[2]}-${u[3]}`;
  }
  return {
    pattern,
    startDate,
    ...(endDate ? { endDate } : {}),
    ...(count !== undefined ? { count } : {}),
  };
}

/** The RRULE text of a recurrence. */
export function formatRrule(r: Recurrence): string {
  const p = r.pattern;
  const parts: string[] = [];
  switch (p.type) {
    case "daily":
      parts.push("FREQ=DAILY");
      break;
    case "weekly":
      parts.push("FREQ=WEEKLY", `BYDAY=${p.days.map((day) => CODES[day]).join(",")}`);
      break;
    case "monthly":
      parts.push("FREQ=MONTHLY", `BYMONTHDAY=${p.dayOfMonth}`);
      break;
    case "monthly_relative":
      parts.push("FREQ=MONTHLY", `BYDAY=${ORDINALS[p.week]}${CODES[p.weekday]}`);
      break;
    case "yearly":
      parts.push("FREQ=YEARLY", `BYMONTH=${p.month}`, `BYMONTHDAY=${p.dayOfMonth}`);
      break;
    case "yearly_relative":
      parts.push(
        "FREQ=YEARLY",
        `BYMONTH=${p.month}`,
        `BYDAY=${ORDINALS[p.week]}${CODES[p.weekday]}`,
      );
      break;
  }
  if ("interval" in p && p.interval > 1) parts.push(`INTERVAL=${p.interval}`);
  if (r.count) parts.push(`COUNT=${r.count}`);
  if (r.endDate) parts.push(`UNTIL=${r.endDate.replaceAll("-", "")}`);
  return parts.join(";");
}
