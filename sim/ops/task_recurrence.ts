/**
 * `t:Recurrence` of a task: the calendar patterns, or a regenerating one (DailyRegeneration,
 * WeeklyRegeneration, MonthlyRegeneration, YearlyRegeneration: due a number of units after the
 * previous occurrence was completed). Ranges are read and written as for calendar items.
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { isRegenerating, type RegenerationUnit, type TaskRecurrence } from "../store/tasks.ts";
import { readRecurrence, renderRecurrence } from "./calendar_item.ts";
import { EwsError } from "./errors.ts";

const UNITS: RegenerationUnit[] = ["Daily", "Weekly", "Monthly", "Yearly"];

/** A stand-in pattern, so the range is read and written by the calendar's own code. */
const stub = { kind: "Daily" as const, interval: 1 };

export function readTaskRecurrence(element: XmlElement): TaskRecurrence {
  const [p, range] = element.children;
  const unit = UNITS.find((u) => p?.name === `${u}Regeneration`);
  if (!unit) return readRecurrence(element);
  const interval = Number(find(p, "t:Interval")?.text ?? "1");
  if (!(interval >= 1 && interval <= 999)) {
    throw new EwsError("ErrorCalendarInvalidRecurrence", "The interval must be from 1 to 999.");
  }
  const dailyStub: XmlElement = { ...p, name: "DailyRecurrence", children: [] };
  const { range: read } = readRecurrence({ ...element, children: [dailyStub, range] });
  return { pattern: { kind: "Regeneration", unit, interval }, range: read };
}

export function renderTaskRecurrence(recurrence: TaskRecurrence): XmlNode {
  if (!isRegenerating(recurrence)) return renderRecurrence(recurrence);
  const { unit, interval } = recurrence.pattern;
  const rendered = renderRecurrence({ pattern: stub, range: recurrence.range });
  const [, range] = rendered.children ?? [];
  return x(
    "t:Recurrence",
    null,
    x(`t:${unit}Regeneration`, null, x("t:Interval", null, interval)),
    range,
  );
}
