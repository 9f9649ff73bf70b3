/** Folder operations: the folder tree with counts (FindFolder) and well-known names (GetFolder). */
import type { EwsClient } from "../client.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { responseMessages, singleResponse } from "../soap/reply.ts";
import type { Folder } from "../types.ts";
import { find, textOf, x, type XmlElement } from "../xml/mod.ts";
import { EwsError } from "../errors.ts";
import { cachedFolderTree, rememberFolderTree } from "./folder_cache.ts";
import { classifyFolder, folderIdXml, pathAnchor, WELL_KNOWN_FOLDERS } from "./folder_ref.ts";
import type { XmlNode } from "../xml/mod.ts";

const FOLDER_FIELDS = [
  "folder:DisplayName",
  "folder:FolderClass",
  "folder:ParentFolderId",
  "folder:TotalCount",
  "folder:UnreadCount",
  "folder:ChildFolderCount",
];

/** Well-known folders we label in the tree (all but the hidden root above the tree). */
const LABELLED = WELL_KNOWN_FOLDERS.filter((name) => name !== "root");

const folderShape = () =>
  x(
    "m:FolderShape",
    null,
    x("t:BaseShape", null, "IdOnly"),
    x(
      "t:AdditionalProperties",
      null,
      FOLDER_FIELDS.map((uri) => x("t:FieldURI", { FieldURI: uri })),
    ),
  );

function readFolder(el: XmlElement): Folder {
  const num = (path: string) => {
    const text = textOf(el, path);
    return text === undefined ? undefined : Number(text);
  };
  const id = find(el, "t:FolderId");
  return {
    id: id?.attrs.Id ?? "",
    changeKey: id?.attrs.ChangeKey,
    parentId: find(el, "t:ParentFolderId")?.attrs.Id,
    displayName: textOf(el, "t:DisplayName") ?? "",
    folderClass: textOf(el, "t:FolderClass"),
    totalCount: num("t:TotalCount"),
    unreadCount: num("t:UnreadCount"),
    childFolderCount: num("t:ChildFolderCount"),
  };
}

/**
 * Every folder below `root` (deep traversal), each labelled with its well-known name where it
 * has one, and the root's display path (empty for the top of the mailbox) so that listed paths
 * are full paths every tool accepts. Two round trips (one GetFolder batch for the labels, one
 * FindFolder for the tree), plus the path lookup when the root is a path or an id.
 */
export async function listFolders(
  client: EwsClient,
  ctx: MailboxContext,
  root = "msgfolderroot",
): Promise<{ root: Folder; folders: Folder[]; rootPath: string }> {
  const resolved = await resolveFolderRef(client, ctx, root);
  const rootXml = resolved.xml;
  const [labelsReply, tree] = await Promise.all([
    client.call(
      x(
        "m:GetFolder",
        null,
        folderShape(),
        x("m:FolderIds", null, [
          rootXml,
          ...LABELLED.map((id) => distinguishedFolderId(ctx, id)),
        ]),
      ),
      ctx.target,
      { idempotent: true },
    ),
    findFolders(client, ctx, rootXml),
  ]);
  const labelMessages = responseMessages(labelsReply);
  // The root must exist; the well-known ones may not (a mailbox without notes, say).
  const rootMessage = singleResponse(labelsReply, ctx.mailbox);
  const rootFolder = readFolder(find(rootMessage.element, "m:Folders")!.children[0]);
  const labels = new Map<string, string>();
  LABELLED.forEach((name, i) => {
    const message = labelMessages[i + 1];
    const folder = message?.responseClass === "Success" &&
      find(message.element, "m:Folders")?.children[0];
    if (folder) labels.set(find(folder, "t:FolderId")?.attrs.Id ?? "", name);
  });
  rootFolder.distinguishedId = labels.get(rootFolder.id);
  for (const folder of tree) folder.distinguishedId = labels.get(folder.id);
  // The whole tree below a well-known folder is what a path lookup fetches: keep it for the next.
  if (resolved.wellKnown) rememberFolderTree(client, ctx, resolved.wellKnown, tree);
  let rootPath = resolved.path;
  if (rootPath === undefined) {
    const name = rootFolder.distinguishedId;
    rootPath = name === "msgfolderroot" || resolved.wellKnown === "root"
      ? ""
      : resolved.wellKnown
      ? rootFolder.displayName // well-known folders sit at the top of the mailbox
      : await folderPath(client, ctx, rootFolder.id) ?? rootFolder.displayName;
  }
  return { root: rootFolder, folders: tree, rootPath };
}

/**
 * Every folder below the well-known folder `base`, from the mailbox's cached tree (paths and ids
 * only: counts may be stale) or, with `fresh` or on a miss, one FindFolder (then cached).
 */
async function treeBelow(
  client: EwsClient,
  ctx: MailboxContext,
  base: string,
  fresh = false,
): Promise<{ folders: Folder[]; cached: boolean }> {
  const cached = fresh ? undefined : cachedFolderTree(client, ctx, base);
  if (cached) return { folders: cached, cached: true };
  const folders = await findFolders(client, ctx, distinguishedFolderId(ctx, base));
  return { folders: rememberFolderTree(client, ctx, base, folders), cached: false };
}

/** Every folder below `rootXml` (deep traversal) in one FindFolder. */
async function findFolders(
  client: EwsClient,
  ctx: MailboxContext,
  rootXml: XmlNode,
): Promise<Folder[]> {
  const reply = await client.call(
    x("m:FindFolder", { Traversal: "Deep" }, folderShape(), x("m:ParentFolderIds", null, rootXml)),
    ctx.target,
    { idempotent: true },
  );
  const found = find(singleResponse(reply, ctx.mailbox).element, "m:RootFolder/t:Folders");
  return (found?.children ?? []).map(readFolder);
}

/** A folder as a tool named it, resolved: XML for requests, and what we learnt on the way. */
export interface ResolvedFolder {
  xml: XmlNode;
  /** The folder id, when known without asking (given, or found by path). */
  id?: string;
  /** Well-known name, when given as one. */
  wellKnown?: string;
  /** Full display path from the top of the mailbox, when found by path. */
  path?: string;
  /** The folder with its counts, when found by path. */
  folder?: Folder;
}

function notFound(ctx: MailboxContext, folder: string): EwsError {
  return new EwsError(`No folder "${folder}" in mailbox ${ctx.mailbox}`, {
    kind: "not_found",
    mailbox: ctx.mailbox,
    hint:
      "Use a well-known name (inbox, sentitems…), a folder id, or a path as list_folders shows it.",
  });
}

/** Display paths of folders found below a base, relative to it. */
function relativePaths(folders: Folder[]): Map<Folder, string[]> {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const paths = new Map<Folder, string[]>();
  // Walks up at most once per folder: a parent cycle from a broken server ends the path.
  const pathOf = (f: Folder, seen = new Set<string>()): string[] => {
    const known = paths.get(f);
    if (known) return known;
    seen.add(f.id);
    const parent = f.parentId ? byId.get(f.parentId) : undefined;
    const path = parent && !seen.has(parent.id)
      ? [...pathOf(parent, seen), f.displayName]
      : [f.displayName];
    paths.set(f, path);
    return path;
  };
  for (const f of folders) pathOf(f);
  return paths;
}

/**
 * The one place tools' folder names are resolved: a well-known name (`inbox`), a folder id, or
 * a display path from the top of the mailbox (`Inbox/Projects`, case-insensitive) exactly as
 * list_folders and find_folder show it. A path is looked up in the tree below its well-known first
 * segment when it has one, else below the top of the mailbox: cached per mailbox
 * (folder_cache.ts), so one FindFolder on a miss and none after.
 */
export async function resolveFolderRef(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
): Promise<ResolvedFolder> {
  const ref = classifyFolder(folder);
  if (ref.kind === "wellKnown") return { xml: folderIdXml(ctx, ref), wellKnown: ref.name };
  if (ref.kind === "id") return { xml: folderIdXml(ctx, ref), id: ref.id };
  if (ref.segments.length === 0) throw notFound(ctx, folder);
  const anchor = ref.segments.length > 1 ? pathAnchor(ref.segments[0]) : undefined;
  const base = anchor ?? "msgfolderroot";
  const wanted = (anchor ? ref.segments.slice(1) : ref.segments).join("/").toLowerCase();
  const lookup = (folders: Folder[]) => {
    const paths = [...relativePaths(folders)].map(([f, path]) => ({ f, path }));
    let matches = paths.filter((p) => p.path.join("/").toLowerCase() === wanted);
    // Leniency for a path below some folder ("Projects" for Inbox/Projects), when only one fits.
    if (matches.length === 0 && !anchor) {
      matches = paths.filter((p) => p.path.join("/").toLowerCase().endsWith(`/${wanted}`));
    }
    if (matches.length > 1) {
      throw new EwsError(`Folder "${folder}" is ambiguous in mailbox ${ctx.mailbox}`, {
        kind: "invalid_input",
        mailbox: ctx.mailbox,
        hint: `Use the full path: ${matches.map((m) => m.path.join("/")).join(", ")}.`,
      });
    }
    return matches[0];
  };
  let tree = await treeBelow(client, ctx, base);
  let match = lookup(tree.folders);
  // A path missing from a cached tree may be a folder made since (elsewhere): look again once.
  if (!match && tree.cached) {
    tree = await treeBelow(client, ctx, base, true);
    match = lookup(tree.folders);
  }
  if (!match) throw notFound(ctx, folder);
  const full = anchor ? [WELL_KNOWN_DISPLAY[anchor] ?? ref.segments[0], ...match.path] : match.path;
  return {
    xml: x("t:FolderId", { Id: match.f.id }),
    id: match.f.id,
    path: full.join("/"),
    // Counts only when just fetched: a cached tree's are stale.
    folder: tree.cached ? undefined : match.f,
  };
}

/** XML naming a folder given as a well-known name, a folder id, or a display path. */
export async function resolveFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
): Promise<XmlNode> {
  return (await resolveFolderRef(client, ctx, folder)).xml;
}

/**
 * The display path of a folder given by id (one FindFolder over the mailbox), or undefined when
 * it is not below the top of the mailbox or that is not visible to us (a delegate).
 */
export async function folderPath(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
): Promise<string | undefined> {
  try {
    const { folders } = await treeBelow(client, ctx, "msgfolderroot");
    for (const [folder, path] of relativePaths(folders)) {
      if (folder.id === id) return path.join("/");
    }
  } catch (error) {
    if (error instanceof EwsError && error.kind === "access_denied") return undefined;
    throw error;
  }
  return undefined;
}

/**
 * Folders whose display name contains `name` (case-insensitive), anywhere below `base`, with
 * their full paths. One FindFolder, plus the base's own path when it is given by id.
 */
export async function findFoldersByName(
  client: EwsClient,
  ctx: MailboxContext,
  options: { name?: string; path?: string; base?: string },
): Promise<(Folder & { path: string })[]> {
  if (options.path) {
    const resolved = await resolveFolderRef(client, ctx, options.path);
    if (resolved.folder) return [{ ...resolved.folder, path: resolved.path! }];
    const reply = await client.call(
      x("m:GetFolder", null, folderShape(), x("m:FolderIds", null, resolved.xml)),
      ctx.target,
      { idempotent: true },
    );
    const folder = readFolder(
      find(singleResponse(reply, ctx.mailbox).element, "m:Folders")!.children[0],
    );
    return [{
      ...folder,
      distinguishedId: resolved.wellKnown,
      path: knownPath(resolved) ?? folder.displayName,
    }];
  }
  const base = await resolveFolderRef(client, ctx, options.base ?? "msgfolderroot");
  const basePath = knownPath(base) ?? await folderPath(client, ctx, base.id!) ?? "";
  const prefix = basePath ? [basePath] : [];
  const folders = await findFolders(client, ctx, base.xml);
  const needle = (options.name ?? "").toLowerCase();
  const out: (Folder & { path: string })[] = [];
  for (const [folder, path] of relativePaths(folders)) {
    if (folder.displayName.toLowerCase().includes(needle)) {
      out.push({ ...folder, path: [...prefix, ...path].join("/") });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The display path of a resolved folder when known without asking: found by path, the top of
 * the mailbox (""), or a well-known folder (its English name, which is also a path anchor).
 */
export function knownPath(resolved: ResolvedFolder): string | undefined {
  if (resolved.path !== undefined) return resolved.path;
  if (resolved.wellKnown === "msgfolderroot") return "";
  return resolved.wellKnown ? WELL_KNOWN_DISPLAY[resolved.wellKnown] : undefined;
}

/** English display names of well-known folders, for paths below one given by name. */
const WELL_KNOWN_DISPLAY: Record<string, string> = {
  inbox: "Inbox",
  drafts: "Drafts",
  sentitems: "Sent Items",
  deleteditems: "Deleted Items",
  junkemail: "Junk Email",
  outbox: "Outbox",
  calendar: "Calendar",
  contacts: "Contacts",
  tasks: "Tasks",
  notes: "Notes",
};

export { invalidateFolderPaths } from "./folder_cache.ts";
