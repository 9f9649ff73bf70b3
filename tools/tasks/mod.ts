/** Tasks: list, create, change, complete and delete. */
import type { ToolModule } from "../tool.ts";
import { completeTask } from "./complete_task.ts";
import { createTask } from "./create_task.ts";
import { deleteTask } from "./delete_task.ts";
import { getTasks } from "./get_tasks.ts";
import { updateTask } from "./update_task.ts";

export const taskTools: ToolModule = {
  area: "tasks",
  tools: [getTasks, createTask, updateTask, completeTask, deleteTask],
};
