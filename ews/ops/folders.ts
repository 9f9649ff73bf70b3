/** Folder operations: the folder tree with counts (FindFolder) and well-known names (GetFolder). */
import type { EwsClient } from "../client.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { responseMessages, singleResponse } from "../soap/reply.ts";
import type { Folder } from "../types.ts";
import { find, textOf, x, type XmlElement } from "../xml/mod.ts";
import { EwsError } from "../errors.ts";
import { classifyFolder, folderIdXml, WELL_KNOWN_FOLDERS } from "./folder_ref.ts";
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
 * has one. Two round trips: one GetFolder batch for the labels, one FindFolder for the tree.
 */
export async function listFolders(
  client: EwsClient,
  ctx: MailboxContext,
  root = "msgfolderroot",
): Promise<{ root: Folder; folders: Folder[] }> {
  const rootXml = await resolveFolder(client, ctx, root);
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
  return { root: rootFolder, folders: tree };
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

/**
 * XML naming a folder given as a well-known name, a folder id, or a display path such as
 * `Inbox/Projects` (case-insensitive, from the top of the mailbox). A path costs one lookup.
 */
export async function resolveFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
): Promise<XmlNode> {
  const ref = classifyFolder(folder);
  if (ref.kind !== "path") return folderIdXml(ctx, ref);
  const folders = await findFolders(client, ctx, distinguishedFolderId(ctx, "msgfolderroot"));
  const byId = new Map(folders.map((f) => [f.id, f]));
  // Walks up at most once per folder: a parent cycle from a broken server ends the path.
  const pathOf = (f: Folder, seen = new Set<string>()): string[] => {
    seen.add(f.id);
    const parent = f.parentId ? byId.get(f.parentId) : undefined;
    return parent && !seen.has(parent.id)
      ? [...pathOf(parent, seen), f.displayName]
      : [f.displayName];
  };
  const wanted = ref.segments.join("/").toLowerCase();
  const paths = folders.map((f) => ({ f, path: pathOf(f).join("/") }));
  // A full path from the top, or a path below some folder as list_folders shows it below a
  // parent_folder ("Projects" under Inbox), as long as only one folder fits.
  let matches = paths.filter((p) => p.path.toLowerCase() === wanted);
  if (matches.length === 0) {
    matches = paths.filter((p) => p.path.toLowerCase().endsWith(`/${wanted}`));
  }
  if (matches.length > 1) {
    throw new EwsError(`Folder "${folder}" is ambiguous in mailbox ${ctx.mailbox}`, {
      kind: "invalid_input",
      mailbox: ctx.mailbox,
      hint: `Use the full path: ${matches.map((m) => m.path).join(", ")}.`,
    });
  }
  const match = matches[0]?.f;
  if (!match) {
    throw new EwsError(`No folder "${folder}" in mailbox ${ctx.mailbox}`, {
      kind: "not_found",
      mailbox: ctx.mailbox,
      hint:
        "Use a well-known name (inbox, sentitems…), a folder id, or a path as list_folders shows it.",
    });
  }
  return x("t:FolderId", { Id: match.id });
}
