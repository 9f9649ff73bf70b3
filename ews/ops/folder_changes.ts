/**
 * Changing the folder tree: CreateFolder, UpdateFolder (rename), MoveFolder, DeleteFolder and
 * EmptyFolder. Folders are named as tools name them (resolved by folders.ts). None is retried
 * after an ambiguous failure: a repeated create could make a second folder.
 */
import type { EwsClient } from "../client.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { singleResponse } from "../soap/reply.ts";
import { find, x, type XmlElement, type XmlNode } from "../xml/mod.ts";
import { invalidateFolderPaths, knownPath, resolveFolderRef } from "./folders.ts";

export type FolderKind = "mail" | "calendar" | "contacts" | "tasks";

const KIND_ELEMENT: Record<FolderKind, string> = {
  mail: "t:Folder",
  calendar: "t:CalendarFolder",
  contacts: "t:ContactsFolder",
  tasks: "t:TasksFolder",
};

/** How deleted things go: to Deleted Items (recoverable), or for good. */
export type Disposal = "MoveToDeletedItems" | "HardDelete";

async function call(client: EwsClient, ctx: MailboxContext, request: XmlNode) {
  try {
    const reply = await client.call(request, ctx.target, { idempotent: false });
    return singleResponse(reply, ctx.mailbox);
  } finally {
    // Even a failure may have changed the tree (a reply lost on the way): paths are looked up anew.
    invalidateFolderPaths(client, ctx);
  }
}

function folderIdOf(message: { element: XmlElement }): string {
  return find(message.element, "m:Folders")?.children[0]?.children.find((c) =>
    c.name === "FolderId"
  )?.attrs.Id ?? "";
}

/** Creates a folder under `parent`; returns its id. */
export async function createFolder(
  client: EwsClient,
  ctx: MailboxContext,
  parent: string,
  name: string,
  kind: FolderKind = "mail",
): Promise<{ id: string; parentPath?: string }> {
  const resolved = await resolveFolderRef(client, ctx, parent);
  const message = await call(
    client,
    ctx,
    x(
      "m:CreateFolder",
      null,
      x("m:ParentFolderId", null, resolved.xml),
      x("m:Folders", null, x(KIND_ELEMENT[kind], null, x("t:DisplayName", null, name))),
    ),
  );
  return { id: folderIdOf(message), parentPath: knownPath(resolved) };
}

/** Renames a folder; returns its id. */
export async function renameFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  name: string,
): Promise<{ id: string }> {
  const resolved = await resolveFolderRef(client, ctx, folder);
  const message = await call(
    client,
    ctx,
    x(
      "m:UpdateFolder",
      null,
      x(
        "m:FolderChanges",
        null,
        x(
          "t:FolderChange",
          null,
          resolved.xml,
          x(
            "t:Updates",
            null,
            x(
              "t:SetFolderField",
              null,
              x("t:FieldURI", { FieldURI: "folder:DisplayName" }),
              x("t:Folder", null, x("t:DisplayName", null, name)),
            ),
          ),
        ),
      ),
    ),
  );
  return { id: folderIdOf(message) };
}

/** Moves a folder (with its subfolders and items) under `destination`; returns its id. */
export async function moveFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  destination: string,
): Promise<{ id: string }> {
  const [source, target] = await Promise.all([
    resolveFolderRef(client, ctx, folder),
    resolveFolderRef(client, ctx, destination),
  ]);
  const message = await call(
    client,
    ctx,
    x(
      "m:MoveFolder",
      null,
      x("m:ToFolderId", null, target.xml),
      x("m:FolderIds", null, source.xml),
    ),
  );
  return { id: folderIdOf(message) };
}

/** Deletes a folder with everything in it. */
export async function deleteFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  disposal: Disposal,
): Promise<void> {
  const resolved = await resolveFolderRef(client, ctx, folder);
  await call(
    client,
    ctx,
    x("m:DeleteFolder", { DeleteType: disposal }, x("m:FolderIds", null, resolved.xml)),
  );
}

/** Deletes every item of a folder, and its subfolders when asked. */
export async function emptyFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  options: { disposal: Disposal; subfolders: boolean },
): Promise<void> {
  const resolved = await resolveFolderRef(client, ctx, folder);
  await call(
    client,
    ctx,
    x(
      "m:EmptyFolder",
      { DeleteType: options.disposal, DeleteSubFolders: options.subfolders },
      x("m:FolderIds", null, resolved.xml),
    ),
  );
}
