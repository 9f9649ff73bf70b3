/**
 * The one access check of calendar items, contacts and tasks in other mailboxes. Today it is
 * mailbox-wide delegate access; with per-folder permissions it becomes the folder right the
 * operation needs (read, create, edit, delete), so the check lives in one place.
 */
import type { Mailbox } from "../store/mailbox.ts";
import type { OperationContext } from "./context.ts";
import { EwsError } from "./errors.ts";

export type ItemRight = "read" | "create" | "edit" | "delete";

export function requireItemAccess(
  context: OperationContext,
  mailbox: Mailbox,
  _folderKey: string,
  _right: ItemRight,
): void {
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
}
