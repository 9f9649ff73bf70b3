/** Plain data of the simulated organisation: what a mailbox holds. */
import type { StoredExtendedProperty } from "./extended_properties.ts";

/** A mail address as EWS shows it (`t:Mailbox`). */
export interface EmailAddress {
  name?: string;
  emailAddress: string;
  /** Always SMTP here; Exchange also knows EX (legacy DN) addresses. */
  routingType?: "SMTP";
  mailboxType?: "Mailbox" | "OneOff" | "PublicDL" | "PrivateDL" | "Contact";
}

export interface MessageBody {
  type: "HTML" | "Text";
  content: string;
}

export interface FileAttachment {
  key: string;
  name: string;
  contentType: string;
  content: Uint8Array;
  isInline: boolean;
  contentId?: string;
  lastModified: Date;
  /** Set for an item attachment (an attached message); `content` then holds its MIME. */
  item?: MessageItem;
}

export type Importance = "Low" | "Normal" | "High";

/** Follow-up flag (`t:Flag`). */
export interface ItemFlag {
  status: "NotFlagged" | "Flagged" | "Complete";
  startDate?: Date;
  dueDate?: Date;
  completeDate?: Date;
}
export type Sensitivity = "Normal" | "Personal" | "Private" | "Confidential";

export interface MessageItem {
  key: string;
  folderKey: string;
  /** Bumped on every change; feeds the change key. */
  version: number;
  itemClass: string;
  subject: string;
  body: MessageBody;
  from?: EmailAddress;
  sender?: EmailAddress;
  toRecipients: EmailAddress[];
  ccRecipients: EmailAddress[];
  bccRecipients: EmailAddress[];
  replyTo: EmailAddress[];
  dateTimeSent: Date;
  dateTimeReceived: Date;
  dateTimeCreated: Date;
  lastModifiedTime: Date;
  isRead: boolean;
  isDraft: boolean;
  isSubmitted: boolean;
  isFromMe: boolean;
  importance: Importance;
  sensitivity: Sensitivity;
  categories: string[];
  attachments: FileAttachment[];
  internetMessageId: string;
  inReplyTo?: string;
  references?: string;
  conversationTopic: string;
  /** What this message adds to its thread (EWS UniqueBody); derived from the body when unset. */
  uniqueBody?: MessageBody;
  flag?: ItemFlag;
  isReadReceiptRequested: boolean;
  isDeliveryReceiptRequested: boolean;
  /** Custom extended (MAPI) properties clients set, by identity (see extended_properties.ts). */
  extendedProperties?: Record<string, StoredExtendedProperty>;
  /** PidTagLastVerbExecuted and its time: 102 reply, 103 reply all, 104 forward. */
  lastVerb?: { verb: number; time: Date };
  /** Meeting requests, responses and cancellations: the calendar item they concern. */
  meeting?: MeetingLink;
}

/** What makes a message a meeting message (see `calendar.ts` and `meetings.ts`). */
export interface MeetingLink {
  kind: "request" | "response" | "cancellation";
  /** Key of the calendar item in the recipient's mailbox, when it has one. */
  calendarKey?: string;
  /** Original start (ms) when the message concerns one occurrence. */
  occurrence?: number;
  uid: string;
  /** Set once the recipient has responded. */
  processed?: boolean;
}

export type FolderKind = "Folder" | "CalendarFolder" | "ContactsFolder" | "TasksFolder";

export interface Folder {
  key: string;
  /** Set for well-known folders (`inbox`, `sentitems`, ...). */
  distinguishedId?: string;
  parentKey?: string;
  displayName: string;
  folderClass?: string;
  kind: FolderKind;
  version: number;
  /** Custom extended (MAPI) properties clients set, by identity. */
  extendedProperties?: Record<string, StoredExtendedProperty>;
}

export type OofState = "Disabled" | "Enabled" | "Scheduled";
export type ExternalAudience = "None" | "Known" | "All";

export interface OofSettings {
  state: OofState;
  externalAudience: ExternalAudience;
  /** Only meaningful when `state` is Scheduled; Exchange keeps them anyway. */
  start: Date;
  end: Date;
  internalReply: string;
  externalReply: string;
}
