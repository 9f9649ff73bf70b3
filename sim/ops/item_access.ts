/**
 * The one access check of calendar items, contacts and tasks in other mailboxes. Where the
 * organisation models per-folder permissions (`organisation.permissions`), the acting user needs
 * the folder right the operation needs (read, create, edit or delete items); otherwise delegate
 * access is mailbox-wide, as `mayAccess` says.
 */
import type { Mailbox } from "../store/mailbox.ts";
import type { OperationContext } from "./context.ts";
import { EwsError } from "./errors.ts";

export type ItemRight = "read" | "create" | "edit" | "delete";

export function requireItemAccess(
  context: OperationContext,
  mailbox: Mailbox,
  folderKey: string,
  right: ItemRight,
): void {
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  const rights = context.organisation.permissions.folderRights(
    mailbox.address,
    folderKey,
    context.actingAs.address,
  );
  // "Owned" scopes cover the user's own items; these kinds do not track a creator, so only All.
  const allowed = right === "read"
    ? rights.readItems
    : right === "create"
    ? rights.canCreateItems
    : (right === "edit" ? rights.editItems : rights.deleteItems) === "All";
  if (!allowed) throw new EwsError("ErrorAccessDenied");
}
