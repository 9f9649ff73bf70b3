import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { findFoldersByName } from "../../ews/ops/folders.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { folderArg } from "./shapes.ts";

const MAX_MATCHES = 100;

export const findFolder = defineTool({
  name: "find_folder",
  title: "Find folder",
  description:
    "Find folders by part of their name (anywhere below parent_folder) or look one up by path; " +
    "returns ids, full paths (usable as `folder` by every tool) and counts.",
  input: withTarget({
    name: z.string().trim().min(1).max(255).optional().describe(
      "Part of the folder name, case-insensitive.",
    ),
    path: folderArg.optional(),
    parent_folder: folderArg.optional(),
  }),
  output: withMailbox({
    total: z.number().int(),
    folders: z.array(z.object({
      id: z.string(),
      name: z.string(),
      path: z.string(),
      well_known_name: z.string().optional(),
      folder_class: z.string().optional(),
      total_count: z.number().int().optional(),
      unread_count: z.number().int().optional(),
      child_folder_count: z.number().int().optional(),
    })),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    if ((args.name === undefined) === (args.path === undefined)) {
      throw new EwsError("Give exactly one of name and path", { kind: "invalid_input" });
    }
    const found = await findFoldersByName(client, mailbox, {
      name: args.name,
      path: args.path,
      base: args.parent_folder,
    });
    return {
      total: found.length,
      folders: found.slice(0, MAX_MATCHES).map((f) => ({
        id: f.id,
        name: f.displayName,
        path: f.path,
        ...(f.distinguishedId ? { well_known_name: f.distinguishedId } : {}),
        ...(f.folderClass ? { folder_class: f.folderClass } : {}),
        ...(f.totalCount !== undefined ? { total_count: f.totalCount } : {}),
        ...(f.unreadCount !== undefined ? { unread_count: f.unreadCount } : {}),
        ...(f.childFolderCount !== undefined ? { child_folder_count: f.childFolderCount } : {}),
      })),
    };
  },
});
