/** Folder operations: the folder tree with counts (FindFolder) and well-known names (GetFolder). */
import type { EwsClient } from "../client.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { responseMessages, singleResponse } from "../soap/reply.ts";
import type { Folder } from "../types.ts";
import { find, textOf, x, type XmlElement } from "../xml/mod.ts";
import { EwsError } from "../errors.ts";
import { cachedFolderPaths, rememberFolderPaths } from "./folder_cache.ts";
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
  const ref = classifyFolder(root);
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
  // The whole tree is what a path lookup fetches: keep it for the next one.
  if (ref.kind === "wellKnown" && ref.name === "msgfolderroot") {
    rememberFolderPaths(client, ctx, tree);
  }
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
 * `Inbox/Projects` (case-insensitive, from the top of the mailbox). Paths are looked up in the
 * mailbox's cached tree (folder_cache.ts); a miss costs one FindFolder.
 */
export async function resolveFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
): Promise<XmlNode> {
  const ref = classifyFolder(folder);
  if (ref.kind !== "path") return folderIdXml(ctx, ref);
  const wanted = ref.segments.join("/").toLowerCase();
  const fetchTree = async () =>
    rememberFolderPaths(
      client,
      ctx,
      await findFolders(client, ctx, distinguishedFolderId(ctx, "msgfolderroot")),
    );
  const cached = cachedFolderPaths(client, ctx);
  // A path missing from a cached tree may be a folder made since (elsewhere): look again once.
  const id = cached?.get(wanted) ?? (await fetchTree()).get(wanted);
  if (!id) {
    throw new EwsError(`No folder "${folder}" in mailbox ${ctx.mailbox}`, {
      kind: "not_found",
      mailbox: ctx.mailbox,
      hint:
        "Use a well-known name (inbox, sentitems…), a folder id, or a path as list_folders shows it.",
    });
  }
  return x("t:FolderId", { Id: id });
}

export { invalidateFolderPaths } from "./folder_cache.ts";
