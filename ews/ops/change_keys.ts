/**
 * The latest ChangeKey seen for each item id, per client. Updates send it so that Exchange can
 * refuse to overwrite a change made meanwhile (ErrorIrresolvableConflict); ids whose key we
 * never saw are read first. Filled from every reply that carries `t:ItemId` attributes.
 */
import type { EwsClient } from "../client.ts";
import { TtlCache } from "../mailbox/cache.ts";
import type { XmlElement } from "../xml/mod.ts";

const caches = new WeakMap<EwsClient, TtlCache<string, string>>();

function cacheOf(client: EwsClient): TtlCache<string, string> {
  let cache = caches.get(client);
  if (!cache) caches.set(client, cache = new TtlCache(20_000, 60 * 60_000));
  return cache;
}

export function rememberChangeKey(client: EwsClient, id: string, changeKey?: string): void {
  if (id && changeKey) cacheOf(client).set(id, changeKey);
}

/** Remembers the key of a `t:ItemId` element. */
export function rememberItemId(client: EwsClient, element: XmlElement | undefined): void {
  if (element) rememberChangeKey(client, element.attrs.Id ?? "", element.attrs.ChangeKey);
}

export function knownChangeKey(client: EwsClient, id: string): string | undefined {
  return cacheOf(client).get(id);
}
