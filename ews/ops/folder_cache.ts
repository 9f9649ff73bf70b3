/**
 * Folder trees resolved once per mailbox: the folders below a base (the top of the mailbox, or a
 * well-known folder a path starts with) from one deep FindFolder, or from a list_folders of that
 * base, which fetches the same thing, kept for a while so that paths cost nothing next time.
 *
 * EVERY OPERATION THAT CHANGES THE FOLDER TREE (create, rename, move, delete, empty a folder) MUST
 * call `invalidateFolderPaths(client, ctx)`, so the next path lookup sees the change. Changes made
 * elsewhere (Outlook) are picked up when an entry expires, or when a path is missing from a cached
 * tree (the tree is then fetched again before "no such folder" is said). Counts in a cached tree
 * are stale: use it for paths and ids only.
 */
import type { EwsClient } from "../client.ts";
import { TtlCache } from "../mailbox/cache.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import type { Folder } from "../types.ts";

const TTL_MS = 5 * 60_000;
const MAX_MAILBOXES = 256;

// Keyed by client (one per configured server and account), then by mailbox, then by base.
const caches = new WeakMap<EwsClient, TtlCache<string, Map<string, Folder[]>>>();

const key = (ctx: MailboxContext) => `${ctx.access}|${ctx.mailbox.toLowerCase()}`;

/** The cached folders below `base` (a well-known name) in a mailbox, if fresh. */
export function cachedFolderTree(
  client: EwsClient,
  ctx: MailboxContext,
  base: string,
): Folder[] | undefined {
  return caches.get(client)?.get(key(ctx))?.get(base);
}

/** Remembers every folder below `base` (a well-known name) in a mailbox. */
export function rememberFolderTree(
  client: EwsClient,
  ctx: MailboxContext,
  base: string,
  folders: Folder[],
): Folder[] {
  let cache = caches.get(client);
  if (!cache) {
    cache = new TtlCache(MAX_MAILBOXES, TTL_MS);
    caches.set(client, cache);
  }
  const trees = new Map(cache.get(key(ctx)) ?? []);
  trees.set(base, folders);
  cache.set(key(ctx), trees);
  return folders;
}

/** Forgets a mailbox's folder trees: call after any change to its folder tree. */
export function invalidateFolderPaths(client: EwsClient, ctx: MailboxContext): void {
  caches.get(client)?.delete(key(ctx));
}
