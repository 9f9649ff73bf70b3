import { z } from "zod";
import { createTask as create } from "../../ews/ops/tasks.ts";
import { timeZoneArg, zoneFor } from "../calendar/time.ts";
import { ADDS, defineTool, withMailbox, withTarget } from "../tool.ts";
import { taskFields, toTaskFields } from "./shapes.ts";

export const createTask = defineTool({
  name: "create_task",
  title: "Create task",
  description: "Create a task with optional body, start and due dates (YYYY-MM-DD in time_zone), " +
    "reminder time, importance, categories and recurrence.",
  input: withTarget({
    ...taskFields,
    body: taskFields.body.optional(),
    start_date: taskFields.start_date.optional(),
    due_date: taskFields.due_date.optional(),
    reminder: taskFields.reminder.optional(),
    importance: taskFields.importance.optional(),
    categories: taskFields.categories.optional(),
    status: taskFields.status.optional(),
    percent_complete: taskFields.percent_complete.optional(),
    recurrence: taskFields.recurrence.optional(),
    time_zone: timeZoneArg,
    folder: z.string().trim().min(1).max(512).optional(),
  }),
  output: withMailbox({ id: z.string(), subject: z.string() }),
  annotations: ADDS,
  async handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const { id } = await create(
      client,
      mailbox,
      args.folder ?? "tasks",
      toTaskFields(args, zone),
      zone.windows,
    );
    return { id, subject: args.subject };
  },
});
