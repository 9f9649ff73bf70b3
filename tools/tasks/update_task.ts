import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { updateTask as update } from "../../ews/ops/tasks.ts";
import { timeZoneArg, zoneFor } from "../calendar/time.ts";
import { CHANGES, defineTool, withMailbox, withTarget } from "../tool.ts";
import { occurrenceOutput, occurrenceResult, taskFields, toTaskFields } from "./shapes.ts";

export const updateTask = defineTool({
  name: "update_task",
  title: "Update task",
  description:
    "Change a task: given fields replace old values, null clears (dates, reminder, body, " +
    "recurrence). Use complete_task to finish one.",
  input: withTarget({
    task_id: z.string().trim().min(1).max(1024),
    subject: taskFields.subject.optional(),
    body: taskFields.body.nullable().optional(),
    start_date: taskFields.start_date.nullable().optional(),
    due_date: taskFields.due_date.nullable().optional(),
    reminder: taskFields.reminder.nullable().optional(),
    importance: taskFields.importance.optional(),
    categories: taskFields.categories.optional(),
    status: taskFields.status.optional(),
    percent_complete: taskFields.percent_complete.optional(),
    recurrence: z.string().trim().min(9).max(200).nullable().optional(),
    time_zone: timeZoneArg,
  }),
  output: withMailbox({
    id: z.string(),
    updated_fields: z.array(z.string()),
    ...occurrenceOutput,
  }),
  annotations: CHANGES,
  async handler(args, { client, mailbox }) {
    const { task_id, target_mailbox: _t, time_zone: _z, ...fields } = args;
    const given = Object.keys(fields).filter((k) =>
      (fields as Record<string, unknown>)[k] !== undefined
    );
    if (given.length === 0) throw new EwsError("Nothing to change", { kind: "invalid_input" });
    const zone = zoneFor(args.time_zone, client);
    const result = await update(client, mailbox, task_id, toTaskFields(fields, zone), zone.windows);
    return { id: result.id, updated_fields: given, ...occurrenceResult(result, zone) };
  },
});
