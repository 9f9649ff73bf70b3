/**
 * The folder tree every Exchange mailbox starts with. `root` holds the hidden system folders and
 * `msgfolderroot` (shown to users as "Top of Information Store") holds the visible ones.
 */
import type { FolderKind } from "./types.ts";

export interface WellKnownFolder {
  id: string;
  displayName: string;
  parent?: string;
  folderClass?: string;
  kind: FolderKind;
}

export const WELL_KNOWN_FOLDERS: readonly WellKnownFolder[] = [
  { id: "root", displayName: "Root", kind: "Folder" },
  { id: "msgfolderroot", displayName: "Top of Information Store", parent: "root", kind: "Folder" },
  {
    id: "inbox",
    displayName: "Inbox",
    parent: "msgfolderroot",
    folderClass: "IPF.Note",
    kind: "Folder",
  },
  {
    id: "drafts",
    displayName: "Drafts",
    parent: "msgfolderroot",
    folderClass: "IPF.Note",
    kind: "Folder",
  },
  {
    id: "sentitems",
    displayName: "Sent Items",
    parent: "msgfolderroot",
    folderClass: "IPF.Note",
    kind: "Folder",
  },
  {
    id: "deleteditems",
    displayName: "Deleted Items",
    parent: "msgfolderroot",
    folderClass: "IPF.Note",
    kind: "Folder",
  },
  {
    id: "outbox",
    displayName: "Outbox",
    parent: "msgfolderroot",
    folderClass: "IPF.Note",
    kind: "Folder",
  },
  {
    id: "junkemail",
    displayName: "Junk Email",
    parent: "msgfolderroot",
    folderClass: "IPF.Note",
    kind: "Folder",
  },
  {
    id: "calendar",
    displayName: "Calendar",
    parent: "msgfolderroot",
    folderClass: "IPF.Appointment",
    kind: "CalendarFolder",
  },
  {
    id: "contacts",
    displayName: "Contacts",
    parent: "msgfolderroot",
    folderClass: "IPF.Contact",
    kind: "ContactsFolder",
  },
  {
    id: "tasks",
    displayName: "Tasks",
    parent: "msgfolderroot",
    folderClass: "IPF.Task",
    kind: "TasksFolder",
  },
  {
    id: "notes",
    displayName: "Notes",
    parent: "msgfolderroot",
    folderClass: "IPF.StickyNote",
    kind: "Folder",
  },
];

/** Distinguished ids this simulator has folders for. Others in the schema answer "not found". */
export const DISTINGUISHED_IDS: ReadonlySet<string> = new Set(WELL_KNOWN_FOLDERS.map((f) => f.id));
