/**
 * Grants a delegate a folder explicitly in a test's organisation, where the simulator models
 * per-folder permissions (a delegate then reaches only folders shared with it); with
 * mailbox-wide delegation the grant is already implied and nothing needs doing.
 */
import type { Harness } from "./harness.ts";

interface FolderPermissions {
  grantFolder(owner: string, folderKey: string, user: string, level: string): void;
}

export function shareFolder(h: Harness, owner: string, folder: string, user: string): void {
  const organisation = h.sim.organisation as unknown as { permissions?: FolderPermissions };
  organisation.permissions?.grantFolder(owner, folder, user, "Editor");
}
