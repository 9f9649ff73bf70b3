/** Input and output shapes shared by the folder tools. */
import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { classifyFolder } from "../../ews/ops/folder_ref.ts";

/** A folder as every tool takes it: the forms list_folders and find_folder show. */
export const folderArg = z.string().trim().min(1).max(512);

export const FOLDER_FORMS = "well-known name (inbox), folder id, or path like Inbox/Projects";

/** Refuses a well-known folder (Inbox, Sent Items…) before any request: Exchange would too. */
export function refuseWellKnown(folder: string, action: string): void {
  const ref = classifyFolder(folder);
  if (ref.kind === "wellKnown") {
    throw new EwsError(`Well-known folders cannot be ${action}: ${folder}`, {
      kind: "invalid_input",
      responseCode: action === "deleted" ? "ErrorDeleteDistinguishedFolder" : undefined,
    });
  }
}

export const DESTRUCTIVE = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: false,
};

export const CHANGES = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
};
