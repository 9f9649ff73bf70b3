/** One mailbox: its folder tree, its items and its out-of-office settings. */
import { WELL_KNOWN_FOLDERS } from "./folders.ts";
import type {
  EmailAddress,
  FileAttachment,
  Folder,
  FolderKind,
  Importance,
  MessageBody,
  MessageItem,
  OofSettings,
  Sensitivity,
} from "./types.ts";

/** What a caller supplies to put a message into a folder; everything else is derived. */
export interface NewMessage {
  subject: string;
  body?: string | MessageBody;
  from?: EmailAddress;
  sender?: EmailAddress;
  to?: EmailAddress[];
  cc?: EmailAddress[];
  bcc?: EmailAddress[];
  replyTo?: EmailAddress[];
  /** Defaults to `received`. */
  sent?: Date;
  received?: Date;
  isRead?: boolean;
  isDraft?: boolean;
  isFromMe?: boolean;
  importance?: Importance;
  sensitivity?: Sensitivity;
  categories?: string[];
  attachments?: {
    name: string;
    contentType?: string;
    content: string | Uint8Array;
    isInline?: boolean;
  }[];
  internetMessageId?: string;
  inReplyTo?: string;
  itemClass?: string;
}

export class Mailbox {
  readonly address: string;
  displayName: string;
  password: string;
  oof: OofSettings;
  readonly folders = new Map<string, Folder>();
  readonly items = new Map<string, MessageItem>();
  #nextFolder = 1;
  #nextItem = 1;
  #nextAttachment = 1;
  readonly #now: () => Date;

  constructor(
    init: { address: string; displayName: string; password: string },
    now: () => Date,
  ) {
    this.address = init.address.toLowerCase();
    this.displayName = init.displayName;
    this.password = init.password;
    this.#now = now;
    const today = now();
    this.oof = {
      state: "Disabled",
      externalAudience: "All",
      start: today,
      end: new Date(today.getTime() + 24 * 3600 * 1000),
      internalReply: "",
      externalReply: "",
    };
    for (const wk of WELL_KNOWN_FOLDERS) {
      this.folders.set(wk.id, {
        key: wk.id,
        distinguishedId: wk.id,
        parentKey: wk.parent,
        displayName: wk.displayName,
        folderClass: wk.folderClass,
        kind: wk.kind,
        version: 1,
      });
    }
  }

  /** This mailbox as a recipient. */
  get emailAddress(): EmailAddress {
    return {
      name: this.displayName,
      emailAddress: this.address,
      routingType: "SMTP",
      mailboxType: "Mailbox",
    };
  }

  folder(key: string): Folder | undefined {
    return this.folders.get(key);
  }

  /** A folder by display-name path below the message root, e.g. `Inbox/Projects`. */
  folderByPath(path: string): Folder | undefined {
    let current = this.folders.get("msgfolderroot");
    for (const name of path.split("/").filter(Boolean)) {
      const lower = name.toLowerCase();
      current = current &&
        this.childFolders(current.key).find((f) => f.displayName.toLowerCase() === lower);
    }
    return current;
  }

  childFolders(key: string): Folder[] {
    return [...this.folders.values()].filter((f) => f.parentKey === key);
  }

  /** Every folder below `key`, depth first in display-name order within a level. */
  descendantFolders(key: string): Folder[] {
    const out: Folder[] = [];
    for (const child of this.childFolders(key)) {
      out.push(child, ...this.descendantFolders(child.key));
    }
    return out;
  }

  itemsIn(folderKey: string): MessageItem[] {
    return [...this.items.values()].filter((i) => i.folderKey === folderKey);
  }

  createFolder(
    parentKey: string,
    displayName: string,
    options: { folderClass?: string; kind?: FolderKind } = {},
  ): Folder {
    const parent = this.folders.get(parentKey);
    if (!parent) throw new Error(`No folder ${parentKey} in ${this.address}`);
    const folder: Folder = {
      key: `f${this.#nextFolder++}`,
      parentKey,
      displayName,
      folderClass: options.folderClass ?? "IPF.Note",
      kind: options.kind ?? "Folder",
      version: 1,
    };
    this.folders.set(folder.key, folder);
    return folder;
  }

  /** Stores a message in a folder and returns it. */
  addMessage(folderKey: string, input: NewMessage): MessageItem {
    if (!this.folders.has(folderKey)) throw new Error(`No folder ${folderKey} in ${this.address}`);
    const received = input.received ?? this.#now();
    const key = `i${this.#nextItem++}`;
    const body: MessageBody = typeof input.body === "string"
      ? { type: "Text", content: input.body }
      : input.body ?? { type: "Text", content: "" };
    const attachments: FileAttachment[] = (input.attachments ?? []).map((a) => ({
      key: `a${this.#nextAttachment++}`,
      name: a.name,
      contentType: a.contentType ?? "application/octet-stream",
      content: typeof a.content === "string" ? new TextEncoder().encode(a.content) : a.content,
      isInline: a.isInline ?? false,
      lastModified: received,
    }));
    const item: MessageItem = {
      key,
      folderKey,
      version: 1,
      itemClass: input.itemClass ?? "IPM.Note",
      subject: input.subject,
      body,
      from: input.from,
      sender: input.sender ?? input.from,
      toRecipients: input.to ?? [],
      ccRecipients: input.cc ?? [],
      bccRecipients: input.bcc ?? [],
      replyTo: input.replyTo ?? [],
      dateTimeSent: input.sent ?? received,
      dateTimeReceived: received,
      dateTimeCreated: received,
      lastModifiedTime: received,
      isRead: input.isRead ?? false,
      isDraft: input.isDraft ?? false,
      isSubmitted: false,
      isFromMe: input.isFromMe ?? false,
      importance: input.importance ?? "Normal",
      sensitivity: input.sensitivity ?? "Normal",
      categories: input.categories ?? [],
      attachments,
      internetMessageId: input.internetMessageId ??
        `<${key}.${received.getTime().toString(36)}@${this.address.split("@")[1]}>`,
      inReplyTo: input.inReplyTo,
      conversationTopic: input.subject.replace(/^((re|fw|fwd|aw|wg):\s*)+/i, ""),
      isReadReceiptRequested: false,
      isDeliveryReceiptRequested: false,
    };
    this.items.set(key, item);
    return item;
  }

  /** A fresh item key: moved and copied items get new ids, as in Exchange. */
  newItemKey(): string {
    return `i${this.#nextItem++}`;
  }

  /** Moves an item to another folder under a new key; returns it. */
  moveItem(item: MessageItem, folderKey: string): MessageItem {
    this.items.delete(item.key);
    item.key = this.newItemKey();
    item.folderKey = folderKey;
    this.items.set(item.key, item);
    this.touch(item);
    return item;
  }

  /** Copies an item into a folder; the copy is a new item. */
  copyItem(item: MessageItem, folderKey: string): MessageItem {
    const copy: MessageItem = { ...structuredClone(item), key: this.newItemKey(), folderKey };
    copy.version = 1;
    copy.dateTimeCreated = copy.lastModifiedTime = this.#now();
    this.items.set(copy.key, copy);
    return copy;
  }

  /** Marks an item as changed (new change key, new modification time). */
  touch(item: MessageItem): void {
    item.version++;
    item.lastModifiedTime = this.#now();
  }
}

/** Approximate MAPI size of a message: headers plus body plus attachments, as Exchange reports. */
export function messageSize(item: MessageItem): number {
  const encoder = new TextEncoder();
  let size = 1024 + encoder.encode(item.subject).length + encoder.encode(item.body.content).length;
  for (const a of item.attachments) size += a.content.length + 256;
  return size;
}
