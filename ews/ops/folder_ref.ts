/**
 * Tools name folders either by a well-known (distinguished) name such as `inbox` or by an EWS
 * folder id from list_folders. This turns either into the right XML for the mailbox context.
 */
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { x, type XmlNode } from "../xml/mod.ts";

/** Distinguished folder names tools accept (the common subset of the schema's list). */
export const WELL_KNOWN_FOLDERS = [
  "inbox",
  "sentitems",
  "drafts",
  "deleteditems",
  "junkemail",
  "outbox",
  "calendar",
  "contacts",
  "tasks",
  "notes",
  "msgfolderroot",
  "root",
] as const;

const WELL_KNOWN = new Set<string>(WELL_KNOWN_FOLDERS);

/** Friendly aliases people (and models) use for well-known folders. */
const ALIASES: Record<string, string> = {
  sent: "sentitems",
  "sent items": "sentitems",
  deleted: "deleteditems",
  "deleted items": "deleteditems",
  trash: "deleteditems",
  junk: "junkemail",
  spam: "junkemail",
  "junk email": "junkemail",
  draft: "drafts",
};

/** XML for a folder reference: a DistinguishedFolderId (mailbox-aware) or a FolderId. */
export function folderIdXml(ctx: MailboxContext, folder: string): XmlNode {
  const key = folder.trim().toLowerCase();
  const wellKnown = ALIASES[key] ?? (WELL_KNOWN.has(key) ? key : undefined);
  return wellKnown ? distinguishedFolderId(ctx, wellKnown) : x("t:FolderId", { Id: folder.trim() });
}
