import { z } from "zod";
import { deleteOneItem } from "../../ews/ops/one_item.ts";
import { CHANGES, defineTool, withMailbox, withTarget } from "../tool.ts";

export const deleteTask = defineTool({
  name: "delete_task",
  title: "Delete task",
  description: "Delete a task by its id from get_tasks; it moves to Deleted Items (not completed).",
  input: withTarget({ task_id: z.string().trim().min(1).max(1024) }),
  output: withMailbox({ deleted: z.literal(true) }),
  annotations: CHANGES,
  async handler(args, { client, mailbox }) {
    await deleteOneItem(client, mailbox, args.task_id);
    return { deleted: true as const };
  },
});
