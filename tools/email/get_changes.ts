import { z } from "zod";
import { syncFolder } from "../../ews/ops/sync.ts";
import { messageSummary, summarize } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

type Summary = z.infer<typeof messageSummary>;

export const getChanges = defineTool({
  name: "get_changes",
  title: "Get folder changes",
  description:
    "Changes in a folder since the previous call (created, updated, read/unread, deleted). First call: only a sync_state to pass back; complete=false: call again.",
  input: withTarget({
    folder: z.string().trim().min(1).max(512).default("inbox"),
    sync_state: z.string().trim().min(1).max(1_000_000).optional(),
    max_changes: z.number().int().min(1).max(200).default(100),
  }),
  output: withMailbox({
    sync_state: z.string(),
    complete: z.boolean(),
    item_count: z.number().int().optional().describe("First call: messages in the folder."),
    created: z.array(messageSummary).optional(),
    updated: z.array(messageSummary).optional(),
    read_flag_changed: z.array(z.object({ id: z.string(), is_read: z.boolean() })).optional(),
    deleted: z.array(z.string()).optional(),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const r = await syncFolder(client, mailbox, args.folder, args.sync_state, args.max_changes);
    const created: Summary[] = [];
    const updated: Summary[] = [];
    const readFlags: { id: string; is_read: boolean }[] = [];
    const deleted: string[] = [];
    for (const c of r.changes) {
      if (c.type === "read_flag_changed") readFlags.push({ id: c.id, is_read: c.isRead });
      else if (c.type === "deleted") deleted.push(c.id);
      else (c.type === "created" ? created : updated).push(summarize(c.message, 0));
    }
    return {
      sync_state: r.syncState,
      complete: r.complete,
      ...(r.itemCount !== undefined ? { item_count: r.itemCount } : {}),
      ...(created.length ? { created } : {}),
      ...(updated.length ? { updated } : {}),
      ...(readFlags.length ? { read_flag_changed: readFlags } : {}),
      ...(deleted.length ? { deleted } : {}),
    };
  },
});
