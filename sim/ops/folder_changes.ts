/**
 * Changing the folder tree: CreateFolder, UpdateFolder (display name), MoveFolder, DeleteFolder
 * and EmptyFolder, one response message per folder. Rights follow Exchange's folder permissions:
 * creating a subfolder needs CreateSubfolders on the parent, renaming, moving or deleting a
 * folder needs FolderOwner on it, emptying needs DeleteItems (all). Well-known folders can be
 * neither moved nor deleted; names are unique among siblings (case-insensitive).
 */
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { Folder, FolderKind } from "../store/types.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, parseBoolean, respond } from "./response.ts";
import { folderIdAttrs, type FolderTarget, requireFolderRight, resolveFolder } from "./targets.ts";

const KINDS: ReadonlySet<string> = new Set([
  "Folder",
  "CalendarFolder",
  "ContactsFolder",
  "TasksFolder",
]);

const DEFAULT_CLASS: Record<FolderKind, string> = {
  Folder: "IPF.Note",
  CalendarFolder: "IPF.Appointment",
  ContactsFolder: "IPF.Contact",
  TasksFolder: "IPF.Task",
};

const DISPOSALS = new Set(["HardDelete", "SoftDelete", "MoveToDeletedItems"]);

function folderReply(mailbox: Mailbox, folder: Folder) {
  return [
    x(
      "m:Folders",
      null,
      x(`t:${folder.kind}`, null, x("t:FolderId", folderIdAttrs(mailbox, folder))),
    ),
  ];
}

function checkUniqueName(mailbox: Mailbox, parentKey: string, name: string, except?: Folder) {
  const lower = name.toLowerCase();
  if (
    mailbox.childFolders(parentKey).some((f) =>
      f !== except && f.displayName.toLowerCase() === lower
    )
  ) {
    throw new EwsError("ErrorFolderExists", "A folder with the specified name already exists.");
  }
}

function validName(name: string | undefined): string {
  const trimmed = name?.trim() ?? "";
  if (!trimmed) {
    throw new EwsError("ErrorRequiredPropertyMissing", "The folder's DisplayName is required.");
  }
  return trimmed;
}

export const createFolder: OperationHandler = (request, context) => {
  const parentElement = find(request, "m:ParentFolderId")?.children[0];
  const folders = find(request, "m:Folders")?.children ?? [];
  const messages = folders.map((element) =>
    respond("m:CreateFolderResponseMessage", () => {
      if (!parentElement) throw new EwsError("ErrorParentFolderIdRequired");
      if (!KINDS.has(element.name)) {
        throw new EwsError(
          "ErrorInvalidRequest",
          `Creating a ${element.name} is not supported by this mailbox store.`,
        );
      }
      const parent = resolveFolder(parentElement, context, "createSubfolder");
      const name = validName(find(element, "t:DisplayName")?.text);
      checkUniqueName(parent.mailbox, parent.folder.key, name);
      const kind = element.name as FolderKind;
      const folder = parent.mailbox.createFolder(parent.folder.key, name, {
        kind,
        folderClass: find(element, "t:FolderClass")?.text.trim() || DEFAULT_CLASS[kind],
      });
      parent.folder.version++;
      return folderReply(parent.mailbox, folder);
    }, () => [x("m:Folders")])
  );
  return operationResponse("CreateFolder", messages);
};

function updateOne(change: XmlElement, context: OperationContext) {
  const idElement = change.children.find((c) =>
    c.name === "FolderId" || c.name === "DistinguishedFolderId"
  );
  if (!idElement) throw new EwsError("ErrorInvalidRequest", "FolderChange names no folder.");
  const target = resolveFolder(idElement, context, "owner");
  let name: string | undefined;
  for (const update of find(change, "t:Updates")?.children ?? []) {
    const uri = find(update, "t:FieldURI")?.attrs.FieldURI;
    if (update.name !== "SetFolderField" || uri !== "folder:DisplayName") {
      throw new EwsError("ErrorInvalidPropertyRequest", undefined, [
        x("t:FieldURI", { FieldURI: uri ?? "" }),
      ]);
    }
    const folderElement = update.children.find((c) => KINDS.has(c.name));
    name = validName(find(folderElement, "t:DisplayName")?.text);
  }
  if (name !== undefined) {
    checkUniqueName(target.mailbox, target.folder.parentKey ?? "", name, target.folder);
    target.folder.displayName = name;
    target.folder.version++;
  }
  return folderReply(target.mailbox, target.folder);
}

export const updateFolder: OperationHandler = (request, context) => {
  const changes = find(request, "m:FolderChanges")?.children ?? [];
  const messages = changes.map((change) =>
    respond("m:UpdateFolderResponseMessage", () => updateOne(change, context), () => [
      x("m:Folders"),
    ])
  );
  return operationResponse("UpdateFolder", messages);
};

function isWithin(mailbox: Mailbox, folder: Folder, ancestorKey: string): boolean {
  for (
    let f: Folder | undefined = folder;
    f;
    f = f.parentKey ? mailbox.folder(f.parentKey) : undefined
  ) {
    if (f.key === ancestorKey) return true;
  }
  return false;
}

export const moveFolder: OperationHandler = (request, context) => {
  const toElement = find(request, "m:ToFolderId")?.children[0];
  const ids = find(request, "m:FolderIds")?.children ?? [];
  const messages = ids.map((idElement) =>
    respond("m:MoveFolderResponseMessage", () => {
      const source = resolveFolder(idElement, context, "owner");
      if (!toElement) throw new EwsError("ErrorInvalidRequest", "ToFolderId is required.");
      const destination = resolveFolder(toElement, context, "createSubfolder");
      if (source.mailbox !== destination.mailbox) throw new EwsError("ErrorCrossMailboxMoveCopy");
      if (source.folder.distinguishedId) throw new EwsError("ErrorMoveDistinguishedFolder");
      if (isWithin(source.mailbox, destination.folder, source.folder.key)) {
        throw new EwsError(
          "ErrorMoveCopyFailed",
          "A folder cannot be moved into itself or one of its subfolders.",
        );
      }
      checkUniqueName(source.mailbox, destination.folder.key, source.folder.displayName);
      source.folder.parentKey = destination.folder.key;
      source.folder.version++;
      return folderReply(source.mailbox, source.folder);
    }, () => [x("m:Folders")])
  );
  return operationResponse("MoveFolder", messages);
};

/** Removes a folder with its items and subfolders, or moves it to Deleted Items. */
function disposeFolder(target: FolderTarget, disposal: string): void {
  const { mailbox, folder } = target;
  if (disposal === "MoveToDeletedItems" && !isWithin(mailbox, folder, "deleteditems")) {
    checkUniqueName(mailbox, "deleteditems", folder.displayName);
    folder.parentKey = "deleteditems";
    folder.version++;
    return;
  }
  for (const f of [folder, ...mailbox.descendantFolders(folder.key)]) {
    for (const item of mailbox.itemsIn(f.key)) mailbox.items.delete(item.key);
    mailbox.folders.delete(f.key);
  }
}

function disposal(request: XmlElement): string {
  const type = request.attrs.DeleteType ?? "";
  if (!DISPOSALS.has(type)) {
    throw new EwsError("ErrorInvalidRequest", `Invalid DeleteType ${type}.`);
  }
  return type;
}

export const deleteFolder: OperationHandler = (request, context) => {
  const ids = find(request, "m:FolderIds")?.children ?? [];
  const messages = ids.map((idElement) =>
    respond("m:DeleteFolderResponseMessage", () => {
      const type = disposal(request);
      const target = resolveFolder(idElement, context, "owner");
      if (target.folder.distinguishedId) throw new EwsError("ErrorDeleteDistinguishedFolder");
      disposeFolder(target, type);
      return [];
    })
  );
  return operationResponse("DeleteFolder", messages);
};

export const emptyFolder: OperationHandler = (request, context) => {
  const ids = find(request, "m:FolderIds")?.children ?? [];
  const subfolders = parseBoolean(request.attrs.DeleteSubFolders) ?? false;
  const messages = ids.map((idElement) =>
    respond("m:EmptyFolderResponseMessage", () => {
      const type = disposal(request);
      const target = resolveFolder(idElement, context, "delete");
      const { mailbox, folder } = target;
      if (folder.key === "root" || folder.key === "msgfolderroot") {
        throw new EwsError("ErrorCannotEmptyFolder", "This folder cannot be emptied.");
      }
      const children = subfolders ? mailbox.childFolders(folder.key) : [];
      for (const child of children) {
        requireFolderRight(context, { mailbox, folder: child }, "owner");
      }
      const toDeletedItems = type === "MoveToDeletedItems" && folder.key !== "deleteditems";
      for (const item of mailbox.itemsIn(folder.key)) {
        if (toDeletedItems) {
          item.folderKey = "deleteditems";
          mailbox.touch(item);
        } else mailbox.items.delete(item.key);
      }
      for (const child of children) {
        disposeFolder({ mailbox, folder: child }, toDeletedItems ? type : "HardDelete");
      }
      folder.version++;
      return [];
    })
  );
  return operationResponse("EmptyFolder", messages);
};
