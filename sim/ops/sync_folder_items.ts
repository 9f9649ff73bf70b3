/**
 * SyncFolderItems: what changed in a folder since a sync state. Our sync state is an opaque,
 * self-contained snapshot (each item's key, version, read flag and a content fingerprint), so
 * the store keeps no change log: the difference between the snapshot and the folder now is the
 * change list. Changes only of the read flag are ReadFlagChange, as Exchange reports them.
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import { encodeId } from "../store/ids.ts";
import type { MessageItem } from "../store/types.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { parseItemShape, renderItem } from "./item_shape.ts";
import { operationResponse, respond } from "./response.ts";
import { resolveFolder } from "./targets.ts";

const MARKER = "EwsSimSync1";

/** key → [version, read, fingerprint] */
type Snapshot = Record<string, [number, boolean, string]>;

function fingerprint(item: MessageItem): string {
  const { isRead: _r, version: _v, lastModifiedTime: _t, ...rest } = item;
  return createHash("sha1").update(JSON.stringify(rest)).digest("base64").slice(0, 12);
}

function encodeState(mailbox: string, folder: string, snapshot: Snapshot): string {
  const text = JSON.stringify([MARKER, mailbox, folder, snapshot]);
  return Buffer.from(text, "utf8").toString("base64");
}

function decodeState(state: string, mailbox: string, folder: string): Snapshot {
  const invalid = () =>
    new EwsError(
      "ErrorInvalidSyncStateData",
      "Synchronization state data is corrupt or otherwise invalid.",
    );
  try {
    const [marker, m, f, snapshot] = JSON.parse(
      Buffer.from(state.trim(), "base64").toString("utf8"),
    );
    if (marker !== MARKER || m !== mailbox || f !== folder || typeof snapshot !== "object") {
      throw invalid();
    }
    return snapshot as Snapshot;
  } catch {
    throw invalid();
  }
}

function syncOne(request: XmlElement, context: OperationContext) {
  const shape = parseItemShape(find(request, "m:ItemShape"), true);
  const folderElement = find(request, "m:SyncFolderId")?.children[0];
  if (!folderElement) throw new EwsError("ErrorInvalidRequest", "SyncFolderId is required.");
  const { mailbox, folder } = resolveFolder(folderElement, context, "read");
  const max = Number(find(request, "m:MaxChangesReturned")?.text ?? "");
  if (!Number.isInteger(max) || max < 1 || max > 512) {
    throw new EwsError("ErrorInvalidRequest", "MaxChangesReturned must be 1 to 512.");
  }
  const stateText = find(request, "m:SyncState")?.text.trim();
  const before: Snapshot = stateText ? decodeState(stateText, mailbox.address, folder.key) : {};
  const after: Snapshot = { ...before };
  const current = mailbox.itemsIn(folder.key).sort((a, b) =>
    a.dateTimeReceived.getTime() - b.dateTimeReceived.getTime()
  );
  const changes = [];
  const seen = new Set<string>();
  for (const item of current) {
    seen.add(item.key);
    if (changes.length >= max) continue;
    const now: Snapshot[string] = [item.version, item.isRead, fingerprint(item)];
    const old = before[item.key];
    const env = { mailbox };
    if (!old) {
      changes.push(x("t:Create", null, renderItem(item, shape, env)));
    } else if (old[0] === now[0]) {
      continue;
    } else if (old[2] === now[2] && old[1] === now[1]) {
      after[item.key] = now; // touched without a visible change
      continue;
    } else if (old[2] === now[2]) {
      changes.push(
        x(
          "t:ReadFlagChange",
          null,
          x("t:ItemId", { Id: encodeId("item", mailbox.address, item.key) }),
          x("t:IsRead", null, String(item.isRead)),
        ),
      );
    } else {
      changes.push(x("t:Update", null, renderItem(item, shape, env)));
    }
    after[item.key] = now;
  }
  for (const key of Object.keys(before)) {
    if (seen.has(key) || changes.length >= max) continue;
    changes.push(
      x("t:Delete", null, x("t:ItemId", { Id: encodeId("item", mailbox.address, key) })),
    );
    delete after[key];
  }
  const pending = current.some((item) => {
    const a = after[item.key];
    return !a || a[0] !== item.version;
  }) || Object.keys(after).some((key) => !seen.has(key));
  return [
    x("m:SyncState", null, encodeState(mailbox.address, folder.key, after)),
    x("m:IncludesLastItemInRange", null, String(!pending)),
    x("m:Changes", null, ...changes),
  ];
}

export const syncFolderItems: OperationHandler = (request, context) =>
  operationResponse("SyncFolderItems", [
    respond("m:SyncFolderItemsResponseMessage", () => syncOne(request, context)),
  ]);
