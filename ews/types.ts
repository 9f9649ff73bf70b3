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

export interface OutgoingMessage {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  body: string;
  bodyFormat: BodyFormat;
  importance?: Importance;
}
