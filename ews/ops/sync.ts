/**
 * Changes in a folder since a sync state (SyncFolderItems). The first call (no state) pages
 * through the folder with ids only and returns just the state, so later calls report only what
 * changed.
 */
import type { EwsClient } from "../client.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { singleResponse } from "../soap/reply.ts";
import type { Message } from "../types.ts";
import { find, textOf, x } from "../xml/mod.ts";
import { rememberItemId } from "./change_keys.ts";
import { resolveFolder } from "./folders.ts";
import { readMessage } from "./read_item.ts";

/** Properties a change carries (those SyncFolderItems can return like FindItem). */
const CHANGE_FIELDS = [
  "item:Subject",
  "message:From",
  "item:DateTimeReceived",
  "message:IsRead",
  "item:HasAttachments",
  "item:Importance",
  "item:Preview",
];

export type FolderChange =
  | { type: "created" | "updated"; message: Message }
  | { type: "read_flag_changed"; id: string; isRead: boolean }
  | { type: "deleted"; id: string };

export interface SyncResult {
  syncState: string;
  changes: FolderChange[];
  /** False when more changes wait: call again with the new state. */
  complete: boolean;
  /** First call only: how many items the folder holds. */
  itemCount?: number;
}

/** Pages a first sync may take before it returns a partial state. */
const FIRST_SYNC_PAGES = 20;

export async function syncFolder(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  syncState: string | undefined,
  maxChanges: number,
): Promise<SyncResult> {
  const folderXml = await resolveFolder(client, ctx, folder);
  const call = async (state: string | undefined, idsOnly: boolean, max: number) => {
    const reply = await client.call(
      x(
        "m:SyncFolderItems",
        null,
        x(
          "m:ItemShape",
          null,
          x("t:BaseShape", null, "IdOnly"),
          !idsOnly &&
            x(
              "t:AdditionalProperties",
              null,
              CHANGE_FIELDS.map((uri) => x("t:FieldURI", { FieldURI: uri })),
            ),
        ),
        x("m:SyncFolderId", null, folderXml),
        state && x("m:SyncState", null, state),
        x("m:MaxChangesReturned", null, max),
      ),
      ctx.target,
      { idempotent: true },
    );
    const message = singleResponse(reply, ctx.mailbox);
    return {
      state: textOf(message.element, "m:SyncState") ?? "",
      complete: textOf(message.element, "m:IncludesLastItemInRange") !== "false",
      changes: find(message.element, "m:Changes")?.children ?? [],
    };
  };
  if (!syncState) {
    let state: string | undefined;
    let count = 0;
    for (let page = 0; page < FIRST_SYNC_PAGES; page++) {
      const result = await call(state, true, 512);
      state = result.state;
      count += result.changes.length;
      if (result.complete) {
        return { syncState: state, changes: [], complete: true, itemCount: count };
      }
    }
    return { syncState: state!, changes: [], complete: false, itemCount: count };
  }
  const result = await call(syncState, false, maxChanges);
  const changes = result.changes.map((c): FolderChange => {
    const id = find(c, "t:ItemId")?.attrs.Id ?? "";
    if (c.name === "Delete") return { type: "deleted", id };
    if (c.name === "ReadFlagChange") {
      return { type: "read_flag_changed", id, isRead: textOf(c, "t:IsRead") === "true" };
    }
    const item = c.children[0];
    rememberItemId(client, find(item, "t:ItemId"));
    return { type: c.name === "Create" ? "created" : "updated", message: readMessage(item) };
  });
  return { syncState: result.state, changes, complete: result.complete };
}
