/** Plain data that operations return. No XML ever leaves `ews/ops`. */

export interface EmailAddress {
  name?: string;
  email: string;
}

export type Importance = "Low" | "Normal" | "High";
export type BodyFormat = "text" | "html";

export interface AttachmentInfo {
  id: string;
  name: string;
  contentType?: string;
  size?: number;
  isInline: boolean;
}

export interface Message {
  id: string;
  changeKey?: string;
  subject: string;
  from?: EmailAddress;
  to: EmailAddress[];
  /** The To recipients' display names, "; "-separated (Exchange's DisplayTo). */
  displayTo?: string;
  cc: EmailAddress[];
  bcc: EmailAddress[];
  receivedAt?: string;
  sentAt?: string;
  isRead: boolean;
  hasAttachments: boolean;
  importance: Importance;
  preview?: string;
  body?: { format: BodyFormat; content: string };
  internetMessageId?: string;
  conversationId?: string;
  size?: number;
  categories: string[];
  attachments: AttachmentInfo[];
  parentFolderId?: string;
  flag?: MessageFlag;
  isDraft?: boolean;
}

export interface MessageFlag {
  status: "NotFlagged" | "Flagged" | "Complete";
  due?: string;
}

export interface MessagePage {
  messages: Message[];
  /** Items in the folder matching the query. */
  total: number;
  /** Offset of the next page, absent on the last page. */
  nextOffset?: number;
}

export interface Folder {
  id: string;
  changeKey?: string;
  parentId?: string;
  displayName: string;
  folderClass?: string;
  totalCount?: number;
  unreadCount?: number;
  childFolderCount?: number;
  /** Well-known name (inbox, sentitems…) when this is a distinguished folder. */
  distinguishedId?: string;
}

export type OofState = "Disabled" | "Enabled" | "Scheduled";
export type OofAudience = "None" | "Known" | "All";

export interface OofSettings {
  state: OofState;
  externalAudience: OofAudience;
  /** ISO date-times; used when state is Scheduled. */
  start?: string;
  end?: string;
  internalReply: string;
  externalReply: string;
  /** Which external audience the organisation allows (read only). */
  allowExternalOof?: OofAudience;
}

/** A file to attach: name, bytes, and how mail clients should show it. */
export interface NewAttachment {
  name: string;
  content: Uint8Array;
  contentType?: string;
  isInline?: boolean;
  contentId?: string;
}

/** An attachment as listed on an item: a file, or an attached message (`item`). */
export interface AttachmentEntry extends AttachmentInfo {
  kind: "file" | "item";
}

/** An attachment read in full: a file's bytes, or an attached message. */
export type AttachmentContent =
  | { kind: "file"; name: string; contentType?: string; content: Uint8Array }
  | { kind: "item"; name: string; message: Message; attachments: AttachmentEntry[] };

export interface OutgoingMessage {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  body: string;
  bodyFormat: BodyFormat;
  importance?: Importance;
  attachments?: NewAttachment[];
}
