/**
 * Tools name folders three ways: a well-known (distinguished) name such as `inbox`, an EWS
 * folder id from list_folders, or a display path such as `Inbox/Projects`. This tells them apart
 * and writes the XML for the first two; paths are looked up by `resolveFolder` in folders.ts.
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

/**
 * Well-known folders a display path may start with, by distinguished id and English display
 * name: `Inbox/Projects` is looked up below the Inbox alone (cheaper, and works for a delegate
 * who may open the Inbox but not the top of the mailbox). Loose aliases (trash, spam) are not
 * path anchors: a user folder may carry such a name.
 */
const PATH_ANCHORS: Record<string, string> = {
  inbox: "inbox",
  drafts: "drafts",
  sentitems: "sentitems",
  "sent items": "sentitems",
  deleteditems: "deleteditems",
  "deleted items": "deleteditems",
  junkemail: "junkemail",
  "junk email": "junkemail",
  outbox: "outbox",
  calendar: "calendar",
  contacts: "contacts",
  tasks: "tasks",
  notes: "notes",
};

/** The well-known folder a path's first segment names, if it is a path anchor. */
export function pathAnchor(segment: string): string | undefined {
  return PATH_ANCHORS[segment.trim().toLowerCase()];
}

export type FolderRef =
  | { kind: "wellKnown"; name: string }
  | { kind: "id"; id: string }
  | { kind: "path"; segments: string[] };

// EWS folder ids are long base64 strings; anything else that is not a well-known name is a path.
const FOLDER_ID = /^[A-Za-z0-9+/=_-]{40,}$/;

export function classifyFolder(folder: string): FolderRef {
  const text = folder.trim();
  const key = text.toLowerCase();
  const wellKnown = ALIASES[key] ?? (WELL_KNOWN.has(key) ? key : undefined);
  if (wellKnown) return { kind: "wellKnown", name: wellKnown };
  if (FOLDER_ID.test(text)) return { kind: "id", id: text };
  return { kind: "path", segments: text.split("/").map((s) => s.trim()).filter(Boolean) };
}

/** XML for a well-known name (mailbox-aware) or a folder id. */
export function folderIdXml(
  ctx: MailboxContext,
  ref: Exclude<FolderRef, { kind: "path" }>,
): XmlNode {
  return ref.kind === "wellKnown"
    ? distinguishedFolderId(ctx, ref.name)
    : x("t:FolderId", { Id: ref.id });
}
