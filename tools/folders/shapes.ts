/** Input and output shapes shared by the folder tools. */
import { EwsError } from "../../ews/errors.ts";
import { classifyFolder } from "../../ews/ops/folder_ref.ts";

/** A folder as every tool takes it (forms explained once, in the server instructions). */
export { folderRef as folderArg } from "../shapes.ts";

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
