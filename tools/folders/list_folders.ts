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
  depth: z.number().int().describe("0 for the root's direct subfolders."),
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
    note: z.string().optional(),
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
    const { root, folders, rootPath } = await listFolders(client, mailbox, args.parent_folder);
    // Paths come from the whole tree, so a mail folder below a filtered-out one keeps its path.
    const entries = treeOrder(root, folders, rootPath).filter((f) =>
      !args.mail_only || !f.folder_class || f.folder_class.startsWith("IPF.Note")
    );
    const cycle = parentCycle(folders);
    return {
      root: { id: root.id, name: root.displayName },
      total_folders: entries.length,
      folders: entries,
      ...(cycle.length > 0 && {
        note: `The server reported a parent cycle among ${cycle.length} folders (${
          cycle.slice(0, 5).join(", ")
        }); they are listed once, from the top level.`,
      }),
    };
  },
});

/** Names of folders whose parent chain loops back on itself (a broken server's reply). */
function parentCycle(folders: Folder[]): string[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const inCycle = new Set<Folder>();
  for (const start of folders) {
    const chain: Folder[] = [];
    for (let f: Folder | undefined = start; f; f = byId.get(f.parentId ?? "")) {
      const at = chain.indexOf(f);
      if (at >= 0) {
        chain.slice(at).forEach((c) => inCycle.add(c));
        break;
      }
      chain.push(f);
    }
  }
  return [...inCycle].map((f) => f.displayName);
}

/**
 * Orders folders depth-first below the root, with depths and full display paths (below the
 * root's own path, so they are the paths every tool accepts).
 */
function treeOrder(
  root: Folder,
  folders: Folder[],
  rootPath: string,
): z.infer<typeof folderEntry>[] {
  const children = new Map<string, Folder[]>();
  for (const folder of folders) {
    const list = children.get(folder.parentId ?? "") ?? [];
    list.push(folder);
    children.set(folder.parentId ?? "", list);
  }
  const out: z.infer<typeof folderEntry>[] = [];
  // Each folder is visited once: a broken server's parent cycle cannot recurse forever.
  const visited = new Set<string>([root.id]);
  const visit = (parentId: string, prefix: string, depth: number) => {
    const list = (children.get(parentId) ?? []).sort((a, b) =>
      a.displayName.localeCompare(b.displayName)
    );
    for (const f of list) {
      if (visited.has(f.id)) continue;
      visited.add(f.id);
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
  visit(root.id, rootPath, 0);
  // Folders that sit in a parent cycle still appear, at the top level.
  for (const f of folders) {
    if (!visited.has(f.id)) visit(f.parentId ?? "", rootPath, 0);
  }
  return out;
}
