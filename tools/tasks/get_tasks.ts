import { z } from "zod";
import { findTasks } from "../../ews/ops/tasks.ts";
import { parseDay, timeZoneArg, zoneFor } from "../calendar/time.ts";
import { folderRef, pageInfo, paging } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { STATUSES, taskOutput, taskResult } from "./shapes.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

export const getTasks = defineTool({
  name: "get_tasks",
  title: "Get tasks",
  description:
    "Tasks, soonest due first, one page at a time: open ones unless include_completed or a " +
    "status is given; due_from/due_to (dates, due_to inclusive) narrow by due date.",
  input: withTarget({
    status: z.array(z.enum(STATUSES)).max(5).optional(),
    include_completed: z.boolean().optional(),
    due_from: day.optional(),
    due_to: day.optional(),
    time_zone: timeZoneArg,
    folder: folderRef.optional(),
    ...paging(25),
  }),
  output: withMailbox({
    ...pageInfo,
    tasks: z.array(taskOutput),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const zone = zoneFor(args.time_zone, client);
    const offset = args.offset;
    const page = await findTasks(client, mailbox, {
      folder: args.folder ?? "tasks",
      statuses: args.status,
      includeCompleted: args.include_completed ?? false,
      dueFrom: args.due_from ? parseDay(args.due_from, zone) : undefined,
      dueTo: args.due_to ? parseDay(args.due_to, zone, 1) : undefined,
      offset,
      maxResults: args.max_results,
      withBody: false,
    });
    return {
      total: page.total,
      offset,
      ...(page.nextOffset !== undefined ? { next_offset: page.nextOffset } : {}),
      tasks: page.tasks.map((t) => taskResult(t, zone)),
    };
  },
});
