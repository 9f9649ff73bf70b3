import { z } from "zod";
import { updateTask } from "../../ews/ops/tasks.ts";
import { timeZoneArg, zoneFor } from "../calendar/time.ts";
import { ADDS, defineTool, withMailbox, withTarget } from "../tool.ts";
import { occurrenceOutput, occurrenceResult } from "./shapes.ts";

export const completeTask = defineTool({
  name: "complete_task",
  title: "Complete task",
  description: "Mark a task done (status Completed, 100%, completed today), or reopen it with " +
    "completed=false. A recurring task moves on to its next occurrence (next_due_date); the " +
    "done one is kept as completed_id.",
  input: withTarget({
    task_id: z.string().trim().min(1).max(1024),
    completed: z.boolean().optional(),
    time_zone: timeZoneArg,
  }),
  output: withMailbox({ id: z.string(), status: z.string(), ...occurrenceOutput }),
  // Completing a recurring task adds the completed copy of its occurrence.
  annotations: ADDS,
  async handler(args, { client, mailbox }) {
    const done = args.completed ?? true;
    const status = done ? "Completed" as const : "NotStarted" as const;
    const zone = zoneFor(args.time_zone, client);
    const result = await updateTask(client, mailbox, args.task_id, {
      status,
      percentComplete: done ? 100 : 0,
    }, zone.windows);
    return { id: result.id, status, ...occurrenceResult(result, zone) };
  },
});
