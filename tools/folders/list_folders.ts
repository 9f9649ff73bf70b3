import { z } from "zod";
import { listFolders } from "../../ews/ops/folders.ts";
import type { Folder } from "../../ews/types.ts";
import { folderRef } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { asTable } from "../view.ts";

const folderEntry = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  depth: z.number().int().describe("0 for top-level folders."),
  parent_id: z.string().optional(),
  well_known_name: z.string().optional(),
  folder_class: z.string().optional(),
  total_count: z.number().int().optional(),
  unread_count: z.number().int().optional(),
  child_folder_count: z.number().int().optional(),
});

export const listFoldersTool = defineTool({
  name: "list_folders",
  title: "List folders",
  description: "List the folder tree below a folder (default: the top of the mailbox) in tree " +
    "order, with paths, item and unread counts and well-known names. Use it to find a folder.",
  input: withTarget({
    parent_folder: folderRef.default("msgfolderroot"),
    mail_only: z.boolean().default(false),
  }),
  output: withMailbox({
    root: z.object({ id: z.string(), name: z.string() }),
    total_folders: z.number().int(),
    folders: z.array(folderEntry),
  }),
  annotations: READ_ONLY,
  // A table; the path says the name, depth and parent; mail folders need no class.
  view: (result) => ({
    ...result,
    folders: asTable(result.folders.map((f) => ({
      id: f.id,
      path: f.path,
      well_known_name: f.well_known_name,
      folder_class: f.folder_class?.startsWith("IPF.Note") ? undefined : f.folder_class,
      total_count: f.total_count,
      unread_count: f.unread_count,
    }))),
  }),
  async handler(args, { client, mailbox }) {
    const { root, folders } = await listFolders(client, mailbox, args.parent_folder);
    const visible = args.mail_only
      ? folders.filter((f) => !f.folderClass || f.folderClass.startsWith("IPF.Note"))
      : folders;
    const entries = treeOrder(root, visible);
    return {
      root: { id: root.id, name: root.displayName },
      total_folders: entries.length,
      folders: entries,
    };
  },
});

/** Orders folders depth-first below the root, with display paths and depths. */
function treeOrder(root: Folder, folders: Folder[]): z.infer<typeof folderEntry>[] {
  const children = new Map<string, Folder[]>();
  for (const folder of folders) {
    const list = children.get(folder.parentId ?? "") ?? [];
    list.push(folder);
    children.set(folder.parentId ?? "", list);
  }
  const out: z.infer<typeof folderEntry>[] = [];
  const visit = (parentId: string, prefix: string, depth: number) => {
    const list = (children.get(parentId) ?? []).sort((a, b) =>
      a.displayName.localeCompare(b.displayName)
    );
    for (const f of list) {
      const path = prefix ? `${prefix}/${f.displayName}` : f.displayName;
      out.push({
        id: f.id,
        name: f.displayName,
        path,
        depth,
        parent_id: f.parentId,
        well_known_name: f.distinguishedId,
        folder_class: f.folderClass,
        total_count: f.totalCount,
        unread_count: f.unreadCount,
        child_folder_count: f.childFolderCount,
      });
      visit(f.id, path, depth + 1);
    }
  };
  visit(root.id, "", 0);
  // Folders whose parent was filtered out (mail_only) still appear, at the top level.
  const seen = new Set(out.map((f) => f.id));
  for (const f of folders) {
    if (!seen.has(f.id)) {
      seen.add(f.id);
      visit(f.parentId ?? "", "", 0);
    }
  }
  return out;
}
