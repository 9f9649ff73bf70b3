/** Operation name (the request element's local name) → handler. */
import { createAttachment, deleteAttachment, getAttachment } from "./attachments.ts";
import type { OperationHandler } from "./context.ts";
import { getUserAvailability } from "./availability.ts";
import { convertId } from "./convert_id.ts";
import { expandDL } from "./expand_dl.ts";
import { getRoomLists, getRooms } from "./rooms.ts";
import { getServerTimeZones } from "./server_time_zones.ts";
import { getUserConfiguration } from "./user_configuration.ts";
import { deleteItem } from "./delete_item.ts";
import { markAllItemsAsRead } from "./mark_all_read.ts";
import { copyItem, moveItem } from "./move_item.ts";
import { sendItem } from "./send_item.ts";
import { syncFolderItems } from "./sync_folder_items.ts";
import { updateItem } from "./update_item.ts";
import { createItem } from "./create_item.ts";
import { findFolder } from "./find_folder.ts";
import {
  createFolder,
  deleteFolder,
  emptyFolder,
  moveFolder,
  updateFolder,
} from "./folder_changes.ts";
import { findItem } from "./find_item.ts";
import { getFolder } from "./get_folder.ts";
import { getConversationItems } from "./get_conversation_items.ts";
import { getItem } from "./get_item.ts";
import { getUserOofSettings, setUserOofSettings } from "./oof.ts";
import { resolveNames } from "./resolve_names.ts";

export const OPERATIONS: ReadonlyMap<string, OperationHandler> = new Map([
  ["FindItem", findItem],
  ["GetItem", getItem],
  ["CreateItem", createItem],
  ["UpdateItem", updateItem],
  ["DeleteItem", deleteItem],
  ["MoveItem", moveItem],
  ["CopyItem", copyItem],
  ["SendItem", sendItem],
  ["MarkAllItemsAsRead", markAllItemsAsRead],
  ["SyncFolderItems", syncFolderItems],
  ["GetConversationItems", getConversationItems],
  ["FindFolder", findFolder],
  ["GetFolder", getFolder],
  ["GetUserOofSettingsRequest", getUserOofSettings],
  ["SetUserOofSettingsRequest", setUserOofSettings],
  ["ResolveNames", resolveNames],
  ["ConvertId", convertId],
  ["GetUserAvailabilityRequest", getUserAvailability],
  ["GetRoomLists", getRoomLists],
  ["GetRooms", getRooms],
  ["ExpandDL", expandDL],
  ["GetUserConfiguration", getUserConfiguration],
  ["GetServerTimeZones", getServerTimeZones],
  ["GetAttachment", getAttachment],
  ["CreateAttachment", createAttachment],
  ["DeleteAttachment", deleteAttachment],
  ["CreateFolder", createFolder],
  ["UpdateFolder", updateFolder],
  ["MoveFolder", moveFolder],
  ["DeleteFolder", deleteFolder],
  ["EmptyFolder", emptyFolder],
]);

/** The name stats and recordings use: OOF and availability request element names end in "Request". */
export function operationName(element: string): string {
  return element.endsWith("OofSettingsRequest") || element === "GetUserAvailabilityRequest"
    ? element.slice(0, -"Request".length)
    : element;
}
