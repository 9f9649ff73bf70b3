/**
 * Changing, moving, copying and deleting items, always in one batched request per call with a
 * result per id. Updates carry the item's current ChangeKey; an item changed meanwhile
 * (ErrorIrresolvableConflict) is read again and its update retried once, never forced.
 */
import type { EwsClient } from "../client.ts";
import { errorFromResponseCode, EwsError } from "../errors.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { responseMessages, singleResponse } from "../soap/reply.ts";
import type { Importance } from "../types.ts";
import { find, x, type XmlNode } from "../xml/mod.ts";
import { knownChangeKey, rememberItemId } from "./change_keys.ts";
import { resolveFolder } from "./folders.ts";

/** The outcome for one id of a batch; `newId` when the item got a new id (moved, copied). */
export type ItemOutcome = { id: string; ok: true; newId?: string } | {
  id: string;
  ok: false;
  error: EwsError;
};

/** Reads the per-id outcomes of a batched reply, remembering the new change keys. */
export function outcomes(
  client: EwsClient,
  ctx: MailboxContext,
  ids: string[],
  reply: Awaited<ReturnType<EwsClient["call"]>>,
): ItemOutcome[] {
  const messages = responseMessages(reply);
  return ids.map((id, i): ItemOutcome => {
    const message = messages[i];
    if (!message) {
      return { id, ok: false, error: new EwsError("No reply for this item", { kind: "server" }) };
    }
    if (message.responseClass === "Error") {
      const error = errorFromResponseCode(message.responseCode, message.messageText, {
        mailbox: ctx.mailbox,
      });
      return { id, ok: false, error };
    }
    const itemId = find(message.element, "m:Items")?.children[0]?.children.find((c) =>
      c.name === "ItemId"
    );
    rememberItemId(client, itemId);
    const newId = itemId?.attrs.Id;
    return newId && newId !== id ? { id, ok: true, newId } : { id, ok: true };
  });
}

/** Fetches the current ChangeKeys of items in one IdOnly GetItem. */
async function readChangeKeys(
  client: EwsClient,
  ctx: MailboxContext,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  const reply = await client.call(
    x(
      "m:GetItem",
      null,
      x("m:ItemShape", null, x("t:BaseShape", null, "IdOnly")),
      x("m:ItemIds", null, ids.map((id) => x("t:ItemId", { Id: id }))),
    ),
    ctx.target,
    { idempotent: true },
  );
  for (const message of responseMessages(reply)) {
    rememberItemId(client, find(message.element, "m:Items")?.children[0]?.children[0]);
  }
}

export interface UpdateOptions {
  /** SendAndSaveCopy sends the (draft) message after updating it. */
  disposition?: "SaveOnly" | "SendAndSaveCopy";
}

/**
 * Applies the same field changes (`t:SetItemField`… elements) to every id in one UpdateItem.
 * Ids with a conflict are re-read and retried once; other failures are reported per id.
 */
export async function updateItems(
  client: EwsClient,
  ctx: MailboxContext,
  ids: string[],
  updates: XmlNode[],
  options: UpdateOptions = {},
): Promise<ItemOutcome[]> {
  await readChangeKeys(client, ctx, ids.filter((id) => !knownChangeKey(client, id)));
  const send = async (batch: string[]) => {
    const reply = await client.call(
      x(
        "m:UpdateItem",
        {
          MessageDisposition: options.disposition ?? "SaveOnly",
          ConflictResolution: "AutoResolve",
        },
        x(
          "m:ItemChanges",
          null,
          batch.map((id) =>
            x(
              "t:ItemChange",
              null,
              x("t:ItemId", { Id: id, ChangeKey: knownChangeKey(client, id) }),
              x("t:Updates", null, updates),
            )
          ),
        ),
      ),
      ctx.target,
      // Never retried by the client: an update that may have been applied is not re-sent blindly.
      { idempotent: false },
    );
    return outcomes(client, ctx, batch, reply);
  };
  const first = await send(ids);
  const conflicted = first.filter((o) =>
    !o.ok && o.error.responseCode === "ErrorIrresolvableConflict"
  ).map((o) => o.id);
  if (conflicted.length === 0 || options.disposition === "SendAndSaveCopy") return first;
  await readChangeKeys(client, ctx, conflicted);
  const retried = new Map((await send(conflicted)).map((o) => [o.id, o]));
  return first.map((o) => retried.get(o.id) ?? o);
}

const field = (uri: string, value: XmlNode) =>
  x("t:SetItemField", null, x("t:FieldURI", { FieldURI: uri }), x("t:Message", null, value));
const deleteField = (uri: string) =>
  x("t:DeleteItemField", null, x("t:FieldURI", { FieldURI: uri }));

export interface MessageFlagChanges {
  isRead?: boolean;
  /** Flagged (with an optional due date, ISO), complete, or cleared. */
  flag?: { status: "Flagged" | "Complete" | "NotFlagged"; due?: string };
  categories?: string[];
  importance?: Importance;
}

/** The UpdateItem changes for read state, flag, categories and importance, in schema order. */
export function messageStateUpdates(changes: MessageFlagChanges, now = new Date()): XmlNode[] {
  const updates: XmlNode[] = [];
  if (changes.categories) {
    updates.push(
      changes.categories.length
        ? field(
          "item:Categories",
          x("t:Categories", null, changes.categories.map((c) => x("t:String", null, c))),
        )
        : deleteField("item:Categories"),
    );
  }
  if (changes.importance) {
    updates.push(field("item:Importance", x("t:Importance", null, changes.importance)));
  }
  if (changes.flag) {
    const { status, due } = changes.flag;
    // Exchange wants a start date with a due date; a flag set now starts now.
    const start = due
      ? new Date(Math.min(now.getTime(), Date.parse(due))).toISOString()
      : undefined;
    updates.push(
      status === "NotFlagged" ? deleteField("item:Flag") : field(
        "item:Flag",
        x(
          "t:Flag",
          null,
          x("t:FlagStatus", null, status),
          start && x("t:StartDate", null, start),
          due && x("t:DueDate", null, new Date(due).toISOString()),
          status === "Complete" && x("t:CompleteDate", null, now.toISOString()),
        ),
      ),
    );
  }
  if (changes.isRead !== undefined) {
    updates.push(field("message:IsRead", x("t:IsRead", null, String(changes.isRead))));
  }
  return updates;
}

/** Moves or copies items into a folder in one request; each result names the new id. */
export async function moveOrCopyItems(
  client: EwsClient,
  ctx: MailboxContext,
  operation: "move" | "copy",
  ids: string[],
  folder: string,
): Promise<ItemOutcome[]> {
  const target = await resolveFolder(client, ctx, folder);
  const reply = await client.call(
    x(
      operation === "move" ? "m:MoveItem" : "m:CopyItem",
      null,
      x("m:ToFolderId", null, target),
      x("m:ItemIds", null, ids.map((id) => x("t:ItemId", { Id: id }))),
    ),
    ctx.target,
    { idempotent: false },
  );
  return outcomes(client, ctx, ids, reply);
}

export type DeleteMode = "MoveToDeletedItems" | "SoftDelete" | "HardDelete";

export async function deleteItems(
  client: EwsClient,
  ctx: MailboxContext,
  ids: string[],
  mode: DeleteMode,
): Promise<ItemOutcome[]> {
  const reply = await client.call(
    x(
      "m:DeleteItem",
      { DeleteType: mode },
      x("m:ItemIds", null, ids.map((id) => x("t:ItemId", { Id: id }))),
    ),
    ctx.target,
    { idempotent: false },
  );
  return outcomes(client, ctx, ids, reply);
}

/** Marks every item of a folder read (or unread) in one request. */
export async function markAllRead(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  read: boolean,
): Promise<void> {
  const target = await resolveFolder(client, ctx, folder);
  const reply = await client.call(
    x(
      "m:MarkAllItemsAsRead",
      null,
      x("m:ReadFlag", null, String(read)),
      x("m:SuppressReadReceipts", null, "true"),
      x("m:FolderIds", null, target),
    ),
    ctx.target,
    { idempotent: true },
  );
  singleResponse(reply, ctx.mailbox);
}
