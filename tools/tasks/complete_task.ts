import { z } from "zod";
import { updateTask } from "../../ews/ops/tasks.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";

export const completeTask = defineTool({
  name: "complete_task",
  title: "Complete task",
  description: "Mark a task done (status Completed, 100%, completed today), or reopen it with " +
    "completed=false.",
  input: withTarget({
    task_id: z.string().trim().min(1).max(1024),
    completed: z.boolean().optional(),
  }),
  output: withMailbox({ id: z.string(), status: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox }) {
    const done = args.completed ?? true;
    const status = done ? "Completed" as const : "NotStarted" as const;
    const result = await updateTask(client, mailbox, args.task_id, {
      status,
      percentComplete: done ? 100 : 0,
    });
    return { id: result.id, status };
  },
});
