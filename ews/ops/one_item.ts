/**
 * Creating, changing and deleting one item: the CreateItem, UpdateItem and DeleteItem shapes the
 * contact, task and calendar operations share.
 */
import type { EwsClient } from "../client.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { singleResponse } from "../soap/reply.ts";
import { find, x, type XmlElement, type XmlNode } from "../xml/mod.ts";
import { resolveFolder } from "./folders.ts";

/** The id of the (first) item a CreateItem or UpdateItem reply names. */
const itemIdIn = (message: XmlElement) => {
  const item = find(message, "m:Items")?.children[0];
  return item && find(item, "t:ItemId")?.attrs.Id;
};

export type ItemKind = "Contact" | "Task";

/** Extra request options. */
export interface ItemOptions {
  /** The zone the item's dates were given in (the request's TimeZoneContext). */
  timeZoneId?: string;
  /** UpdateItem: false where a repeat would do more (completing a recurring task). */
  idempotent?: boolean;
}

/** Creates one item of `kind` with `content` (in schema order) in a folder; returns its id. */
export async function createItemIn(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  kind: ItemKind,
  content: XmlNode[],
  options: ItemOptions = {},
): Promise<{ id: string }> {
  const target = await resolveFolder(client, ctx, folder);
  const reply = await client.call(
    x(
      "m:CreateItem",
      null,
      x("m:SavedItemFolderId", null, target),
      x("m:Items", null, x(`t:${kind}`, null, content)),
    ),
    ctx.target,
    { ...options, idempotent: false },
  );
  return { id: itemIdIn(singleResponse(reply, ctx.mailbox).element) ?? "" };
}

/**
 * Applies `updates` (SetItemField/DeleteItemField) to one item in one UpdateItem; returns the id
 * the reply names: the item's own, or another item Exchange made (a recurring task's completed
 * occurrence).
 */
export async function updateOneItem(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  updates: XmlNode[],
  options: ItemOptions = {},
): Promise<{ id: string }> {
  const reply = await client.call(
    x(
      "m:UpdateItem",
      { ConflictResolution: "AlwaysOverwrite" },
      x(
        "m:ItemChanges",
        null,
        x("t:ItemChange", null, x("t:ItemId", { Id: id }), x("t:Updates", null, updates)),
      ),
    ),
    ctx.target,
    { ...options, idempotent: options.idempotent ?? true },
  );
  return { id: itemIdIn(singleResponse(reply, ctx.mailbox).element) ?? id };
}

/** Deletes one item: to Deleted Items, or for good with HardDelete. */
export async function deleteOneItem(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  deleteType: "MoveToDeletedItems" | "HardDelete" = "MoveToDeletedItems",
): Promise<void> {
  const reply = await client.call(
    x(
      "m:DeleteItem",
      { DeleteType: deleteType },
      x("m:ItemIds", null, x("t:ItemId", { Id: id })),
    ),
    ctx.target,
    { idempotent: false },
  );
  singleResponse(reply, ctx.mailbox);
}
