/**
 * Folder paths resolved once per mailbox: `Inbox/Projects` → folder id, from one deep FindFolder
 * (or from a list_folders of the whole tree, which fetches the same thing), kept for a while.
 *
 * EVERY OPERATION THAT CHANGES THE FOLDER TREE (create, rename, move, delete a folder) MUST call
 * `invalidateFolderPaths(client, ctx)` once it succeeded, so the next path lookup sees the change.
 * Changes made elsewhere (Outlook) are picked up when an entry expires, or when a path is missing
 * from a cached tree (the tree is then fetched again before "no such folder" is said).
 */
import type { EwsClient } from "../client.ts";
import { TtlCache } from "../mailbox/cache.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import type { Folder } from "../types.ts";

/** Lower-case display path (`inbox/projects`) → folder id. */
export type FolderPaths = ReadonlyMap<string, string>;

const TTL_MS = 5 * 60_000;
const MAX_MAILBOXES = 256;

// Keyed by client (one per configured server and account), then by mailbox.
const caches = new WeakMap<EwsClient, TtlCache<string, FolderPaths>>();

const key = (ctx: MailboxContext) => `${ctx.access}|${ctx.mailbox.toLowerCase()}`;

function cacheOf(client: EwsClient): TtlCache<string, FolderPaths> {
  let cache = caches.get(client);
  if (!cache) {
    cache = new TtlCache(MAX_MAILBOXES, TTL_MS);
    caches.set(client, cache);
  }
  return cache;
}

/** Each folder's display path from the top of the mailbox, as list_folders shows it. */
export function folderPaths(folders: Folder[]): Map<string, string> {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const paths = new Map<string, string>();
  const pathOf = (f: Folder, depth = 0): string => {
    const parent = f.parentId && depth < 64 ? byId.get(f.parentId) : undefined;
    return parent ? `${pathOf(parent, depth + 1)}/${f.displayName}` : f.displayName;
  };
  for (const folder of folders) {
    const path = pathOf(folder).toLowerCase();
    // Two folders with one path: the first (as Exchange listed them) wins, as before the cache.
    if (!paths.has(path)) paths.set(path, folder.id);
  }
  return paths;
}

/** The cached paths of a mailbox's tree, if fresh. */
export function cachedFolderPaths(client: EwsClient, ctx: MailboxContext): FolderPaths | undefined {
  return caches.get(client)?.get(key(ctx));
}

/** Remembers a mailbox's whole tree (every folder below msgfolderroot). */
export function rememberFolderPaths(
  client: EwsClient,
  ctx: MailboxContext,
  folders: Folder[],
): FolderPaths {
  const paths = folderPaths(folders);
  cacheOf(client).set(key(ctx), paths);
  return paths;
}

/** Forgets a mailbox's folder paths: call after any change to its folder tree. */
export function invalidateFolderPaths(client: EwsClient, ctx: MailboxContext): void {
  caches.get(client)?.delete(key(ctx));
}
