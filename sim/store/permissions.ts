/**
 * Who may do what in someone else's mailbox, as Exchange models it. Three kinds of grants:
 *
 * - folder permissions: per folder and user, a set of rights (read items, create items, edit and
 *   delete own or all items, create subfolders, folder owner, folder visible), usually given as
 *   one of the roles Outlook and `Add-MailboxFolderPermission` name (Reviewer, Author, Editor…);
 * - Full Access: a mailbox-level right that opens every folder with all rights;
 * - SendAs and SendOnBehalf: whether a user may send with the mailbox in From, as the mailbox
 *   itself (SendAs) or marked as sent by the user on its behalf (Sender = the user).
 *
 * The mailbox's own user (and whoever impersonates it) holds every right; nobody else holds any
 * right not granted here.
 */

/** Rights over items a user did not necessarily create: none, only their own, or all. */
export type ItemScope = "None" | "Owned" | "All";

/** The individual folder rights (EWS `t:Permission` / `PermissionType`). */
export interface FolderRights {
  canCreateItems: boolean;
  canCreateSubFolders: boolean;
  isFolderOwner: boolean;
  isFolderVisible: boolean;
  isFolderContact: boolean;
  editItems: ItemScope;
  deleteItems: ItemScope;
  /** `ReadItems`: FullDetails when true, None when false (TimeOnly/TimeAndSubjectAndLocation are calendar-only). */
  readItems: boolean;
}

/** Exchange's permission levels (`PermissionLevelType`, less Custom). */
export type PermissionLevel =
  | "None"
  | "Owner"
  | "PublishingEditor"
  | "Editor"
  | "PublishingAuthor"
  | "Author"
  | "NoneditingAuthor"
  | "Reviewer"
  | "Contributor";

const rights = (
  read: boolean,
  create: boolean,
  subfolders: boolean,
  edit: ItemScope,
  del: ItemScope,
  visible: boolean,
  owner = false,
): FolderRights => ({
  canCreateItems: create,
  canCreateSubFolders: subfolders,
  isFolderOwner: owner,
  isFolderVisible: visible,
  isFolderContact: owner,
  editItems: edit,
  deleteItems: del,
  readItems: read,
});

/** What each level grants, as documented for Exchange folder permissions. */
export const PERMISSION_LEVELS: Readonly<Record<PermissionLevel, FolderRights>> = {
  None: rights(false, false, false, "None", "None", false),
  Owner: rights(true, true, true, "All", "All", true, true),
  PublishingEditor: rights(true, true, true, "All", "All", true),
  Editor: rights(true, true, false, "All", "All", true),
  PublishingAuthor: rights(true, true, true, "Owned", "Owned", true),
  Author: rights(true, true, false, "Owned", "Owned", true),
  NoneditingAuthor: rights(true, true, false, "None", "Owned", true),
  Reviewer: rights(true, false, false, "None", "None", true),
  Contributor: rights(false, true, false, "None", "None", true),
};

/** Every right: the mailbox's own user, or Full Access. */
export const ALL_RIGHTS: FolderRights = PERMISSION_LEVELS.Owner;
export const NO_RIGHTS: FolderRights = PERMISSION_LEVELS.None;

/**
 * What an operation needs on a folder: see it (GetFolder, FindFolder), read its items, create
 * items in it, edit or delete items (all of them, or only the user's own with Owned), create
 * subfolders, or own it (rename, move, delete the folder itself).
 */
export type FolderRight =
  | "view"
  | "read"
  | "create"
  | "edit"
  | "delete"
  | "createSubfolder"
  | "owner";

/** Whether `granted` allows `right`; `ownItem` says whether the item concerned is the user's. */
export function allows(granted: FolderRights, right: FolderRight, ownItem = false): boolean {
  const scoped = (scope: ItemScope) => scope === "All" || (scope === "Owned" && ownItem);
  switch (right) {
    case "view":
      return granted.isFolderVisible || granted.readItems || granted.isFolderOwner;
    case "read":
      return granted.readItems;
    case "create":
      return granted.canCreateItems;
    case "edit":
      return scoped(granted.editItems);
    case "delete":
      return scoped(granted.deleteItems);
    case "createSubfolder":
      return granted.canCreateSubFolders;
    case "owner":
      return granted.isFolderOwner;
  }
}

const lower = (address: string) => address.trim().toLowerCase();

/** The grants of one organisation. Addresses are compared case-insensitively. */
export class Permissions {
  /** `owner\nfolderKey` → user → rights */
  readonly #folders = new Map<string, Map<string, FolderRights>>();
  /** owner → users with Full Access */
  readonly #fullAccess = new Map<string, Set<string>>();
  readonly #sendAs = new Map<string, Set<string>>();
  readonly #sendOnBehalf = new Map<string, Set<string>>();

  /** Grants `user` a level (or individual rights) on one folder of `owner`, replacing any before. */
  grantFolder(
    owner: string,
    folderKey: string,
    user: string,
    level: PermissionLevel | FolderRights,
  ): void {
    const key = `${lower(owner)}\n${folderKey}`;
    let users = this.#folders.get(key);
    if (!users) this.#folders.set(key, users = new Map());
    users.set(lower(user), typeof level === "string" ? PERMISSION_LEVELS[level] : { ...level });
  }

  grantFullAccess(owner: string, user: string): void {
    add(this.#fullAccess, owner, user);
  }

  grantSendAs(owner: string, user: string): void {
    add(this.#sendAs, owner, user);
  }

  grantSendOnBehalf(owner: string, user: string): void {
    add(this.#sendOnBehalf, owner, user);
  }

  hasFullAccess(owner: string, user: string): boolean {
    return lower(owner) === lower(user) || has(this.#fullAccess, owner, user);
  }

  maySendAs(owner: string, user: string): boolean {
    return lower(owner) === lower(user) || has(this.#sendAs, owner, user);
  }

  maySendOnBehalf(owner: string, user: string): boolean {
    return has(this.#sendOnBehalf, owner, user);
  }

  /** The rights `user` holds on a folder of `owner`. */
  folderRights(owner: string, folderKey: string, user: string): FolderRights {
    if (this.hasFullAccess(owner, user)) return ALL_RIGHTS;
    return this.#folders.get(`${lower(owner)}\n${folderKey}`)?.get(lower(user)) ?? NO_RIGHTS;
  }

  /** Whether `user` holds any right at all in `owner`'s mailbox (it may then resolve its ids). */
  hasAnyAccess(owner: string, user: string): boolean {
    if (this.hasFullAccess(owner, user)) return true;
    const prefix = `${lower(owner)}\n`;
    for (const [key, users] of this.#folders) {
      if (key.startsWith(prefix) && users.has(lower(user))) return true;
    }
    return false;
  }

  /** Folder permissions `user` holds in `owner`'s mailbox, folder key → rights. */
  grantsOf(owner: string, user: string): Map<string, FolderRights> {
    const out = new Map<string, FolderRights>();
    const prefix = `${lower(owner)}\n`;
    for (const [key, users] of this.#folders) {
      const granted = users.get(lower(user));
      if (key.startsWith(prefix) && granted) out.set(key.slice(prefix.length), granted);
    }
    return out;
  }
}

function add(map: Map<string, Set<string>>, owner: string, user: string): void {
  let set = map.get(lower(owner));
  if (!set) map.set(lower(owner), set = new Set());
  set.add(lower(user));
}

function has(map: Map<string, Set<string>>, owner: string, user: string): boolean {
  return map.get(lower(owner))?.has(lower(user)) ?? false;
}
