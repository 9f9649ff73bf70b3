/**
 * The message properties this store can answer, in the order of the schema's xs:sequence
 * (ItemType, then MessageType): replies are rendered by walking this list, which is what keeps
 * them schema-valid whatever order a client asks for properties in.
 */
import { x, type XmlNode } from "../../ews/xml/mod.ts";
import { encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { messageSize } from "../store/mailbox.ts";
import type { EmailAddress, MessageItem } from "../store/types.ts";
import { attachmentSummary } from "./attachment_targets.ts";
import { bodyText, convertBody, uniqueBody } from "./body.ts";
import { type ExtendedPath, renderItemExtended } from "./extended_fields.ts";
import { renderMime, toBase64 } from "./mime.ts";
import { ewsDate } from "./response.ts";
import { ALL_RIGHTS, allows, type FolderRights } from "../store/permissions.ts";
import { folderIdAttrs, isOwnItem, itemIdAttrs } from "./targets.ts";

export type BodyTypeRequest = "Best" | "HTML" | "Text";

export interface ItemRenderEnv {
  mailbox: Mailbox;
  bodyType: BodyTypeRequest;
  /** Set when rendering an attached message: its store item and attachment path. */
  attachedTo?: { root: MessageItem; path: string[] };
  /** The requesting user's rights on the item's folder (all when absent). */
  access?: { rights: FolderRights; user: string };
  /** `t:UniqueBodyType` of the shape; the body type applies when absent. */
  uniqueBodyType?: BodyTypeRequest;
  /** Extended properties the shape asked for (`t:ExtendedFieldURI`). */
  extended?: readonly ExtendedPath[];
}

/** A value restrictions and sort orders compare. */
export type PropertyValue = string | number | boolean | Date | string[] | undefined;

export interface ItemProperty {
  uri: string;
  /** Part of BaseShape Default. */
  inDefault: boolean;
  /** GetItem only: FindItem refuses these (bodies, recipient lists, attachments). */
  getItemOnly: boolean;
  /** Returned only when asked for explicitly (MIME content is never part of a base shape). */
  explicitOnly?: boolean;
  render(item: MessageItem, env: ItemRenderEnv): XmlNode | XmlNode[] | undefined;
  value?(item: MessageItem): PropertyValue;
}

export function mailboxElement(a: EmailAddress): XmlNode {
  return x(
    "t:Mailbox",
    null,
    x("t:Name", null, a.name ?? a.emailAddress),
    x("t:EmailAddress", null, a.emailAddress),
    x("t:RoutingType", null, a.routingType ?? "SMTP"),
    x("t:MailboxType", null, a.mailboxType ?? "OneOff"),
  );
}

const single = (name: string, a: EmailAddress | undefined) => a && x(name, null, mailboxElement(a));
const list = (name: string, addresses: EmailAddress[]) =>
  addresses.length ? x(name, null, ...addresses.map(mailboxElement)) : undefined;
const text = (name: string, value: string | undefined) =>
  value === undefined ? undefined : x(name, null, value);
const bool = (name: string, value: boolean) => x(name, null, String(value));
const date = (name: string, value: Date | undefined) => value && x(name, null, ewsDate(value));
const displayNames = (addresses: EmailAddress[]) =>
  addresses.map((a) => a.name ?? a.emailAddress).join("; ");
const addressValue = (a: EmailAddress | undefined) => a && `${a.name ?? ""} <${a.emailAddress}>`;

export function conversationId(item: MessageItem, mailbox: Mailbox): string {
  return encodeId(
    "item",
    mailbox.address,
    `conv-${item.conversationTopic.toLowerCase()}`.replace(/\|/g, "/"),
  );
}

function simple(
  uri: string,
  inDefault: boolean,
  render: ItemProperty["render"],
  value?: ItemProperty["value"],
): ItemProperty {
  return { uri, inDefault, getItemOnly: false, render, value };
}

function rich(
  uri: string,
  inDefault: boolean,
  render: ItemProperty["render"],
  value?: ItemProperty["value"],
): ItemProperty {
  return { uri, inDefault, getItemOnly: true, render, value };
}

export const ITEM_PROPERTIES: readonly ItemProperty[] = [
  {
    uri: "item:MimeContent",
    inDefault: false,
    getItemOnly: true,
    explicitOnly: true,
    render: (item) => x("t:MimeContent", { CharacterSet: "UTF-8" }, toBase64(renderMime(item))),
  },
  simple("item:ItemId", true, (item, env) => x("t:ItemId", itemIdAttrs(env.mailbox, item))),
  simple(
    "item:ParentFolderId",
    true,
    (item, env) =>
      x("t:ParentFolderId", folderIdAttrs(env.mailbox, env.mailbox.folder(item.folderKey)!)),
  ),
  simple(
    "item:ItemClass",
    true,
    (item) => text("t:ItemClass", item.itemClass),
    (item) => item.itemClass,
  ),
  simple("item:Subject", true, (item) => text("t:Subject", item.subject), (item) => item.subject),
  simple(
    "item:Sensitivity",
    true,
    (item) => text("t:Sensitivity", item.sensitivity),
    (item) => item.sensitivity,
  ),
  rich("item:Body", true, (item, env) => {
    const body = convertBody(item.body, env.bodyType);
    return x("t:Body", { BodyType: body.type, IsTruncated: "false" }, body.content);
  }, (item) => bodyText(item.body)),
  rich("item:Attachments", true, (item, env) => {
    // Inside an attached message, ids continue the attachment path from the store item.
    const root = env.attachedTo?.root ?? item;
    const prefix = env.attachedTo?.path ?? [];
    return item.attachments.length
      ? x(
        "t:Attachments",
        null,
        ...item.attachments.map((a) => attachmentSummary(env.mailbox, root, [...prefix, a.key], a)),
      )
      : undefined;
  }),
  simple(
    "item:DateTimeReceived",
    true,
    (item) => date("t:DateTimeReceived", item.dateTimeReceived),
    (item) => item.dateTimeReceived,
  ),
  simple("item:Size", true, (item) => x("t:Size", null, String(messageSize(item))), messageSize),
  simple(
    "item:Categories",
    true,
    (item) =>
      item.categories.length
        ? x("t:Categories", null, ...item.categories.map((c) => x("t:String", null, c)))
        : undefined,
    (item) => item.categories,
  ),
  simple(
    "item:Importance",
    true,
    (item) => text("t:Importance", item.importance),
    (item) => item.importance,
  ),
  simple(
    "item:InReplyTo",
    true,
    (item) => text("t:InReplyTo", item.inReplyTo),
    (item) => item.inReplyTo,
  ),
  simple(
    "item:IsSubmitted",
    true,
    (item) => bool("t:IsSubmitted", item.isSubmitted),
    (item) => item.isSubmitted,
  ),
  simple("item:IsDraft", true, (item) => bool("t:IsDraft", item.isDraft), (item) => item.isDraft),
  simple(
    "item:IsFromMe",
    true,
    (item) => bool("t:IsFromMe", item.isFromMe),
    (item) => item.isFromMe,
  ),
  simple("item:IsResend", true, () => bool("t:IsResend", false), () => false),
  simple(
    "item:IsUnmodified",
    true,
    (item) => bool("t:IsUnmodified", item.version === 1),
    (item) => item.version === 1,
  ),
  simple(
    "item:DateTimeSent",
    true,
    (item) => date("t:DateTimeSent", item.dateTimeSent),
    (item) => item.dateTimeSent,
  ),
  simple(
    "item:DateTimeCreated",
    true,
    (item) => date("t:DateTimeCreated", item.dateTimeCreated),
    (item) => item.dateTimeCreated,
  ),
  simple("item:ReminderIsSet", true, () => bool("t:ReminderIsSet", false), () => false),
  simple(
    "item:ReminderMinutesBeforeStart",
    true,
    () => x("t:ReminderMinutesBeforeStart", null, "0"),
    () => 0,
  ),
  simple(
    "item:DisplayCc",
    true,
    (item) => text("t:DisplayCc", displayNames(item.ccRecipients)),
    (item) => displayNames(item.ccRecipients),
  ),
  simple(
    "item:DisplayTo",
    true,
    (item) => text("t:DisplayTo", displayNames(item.toRecipients)),
    (item) => displayNames(item.toRecipients),
  ),
  simple(
    "item:HasAttachments",
    true,
    (item) => bool("t:HasAttachments", item.attachments.some((a) => !a.isInline)),
    (item) => item.attachments.some((a) => !a.isInline),
  ),
  {
    // Not a FieldURI: the slot, in schema order, of the extended properties a shape names.
    uri: "item:ExtendedProperty",
    inDefault: false,
    getItemOnly: false,
    explicitOnly: true,
    render: (item, env) => renderItemExtended(item, env.mailbox, env.extended ?? []),
  },
  simple("item:Culture", true, () => x("t:Culture", null, "en-US")),
  simple("item:EffectiveRights", true, (item, env) => {
    const rights = env.access?.rights ?? ALL_RIGHTS;
    const own = !env.access || isOwnItem(env.access.user, item);
    return x(
      "t:EffectiveRights",
      null,
      bool("t:CreateAssociated", false),
      bool("t:CreateContents", false),
      bool("t:CreateHierarchy", false),
      bool("t:Delete", allows(rights, "delete", own)),
      bool("t:Modify", allows(rights, "edit", own)),
      bool("t:Read", rights.readItems),
      bool("t:ViewPrivateItems", rights === ALL_RIGHTS),
    );
  }),
  simple(
    "item:LastModifiedName",
    true,
    (item, env) =>
      text(
        "t:LastModifiedName",
        item.isFromMe || item.isDraft
          ? env.mailbox.displayName
          : item.from?.name ?? env.mailbox.displayName,
      ),
  ),
  simple(
    "item:LastModifiedTime",
    true,
    (item) => date("t:LastModifiedTime", item.lastModifiedTime),
    (item) => item.lastModifiedTime,
  ),
  simple("item:IsAssociated", true, () => bool("t:IsAssociated", false), () => false),
  simple(
    "item:ConversationId",
    true,
    (item, env) => x("t:ConversationId", { Id: conversationId(item, env.mailbox) }),
  ),
  {
    uri: "item:UniqueBody",
    inDefault: false,
    getItemOnly: true,
    explicitOnly: true,
    render: (item, env) => {
      const body = convertBody(uniqueBody(item), env.uniqueBodyType ?? env.bodyType);
      return x("t:UniqueBody", { BodyType: body.type, IsTruncated: "false" }, body.content);
    },
  },
  simple("item:Flag", true, (item) => {
    const flag = item.flag ?? { status: "NotFlagged" };
    return x(
      "t:Flag",
      null,
      x("t:FlagStatus", null, flag.status),
      date("t:StartDate", flag.startDate),
      date("t:DueDate", flag.dueDate),
      date("t:CompleteDate", flag.completeDate),
    );
  }, (item) => item.flag?.status ?? "NotFlagged"),
  simple(
    "item:Preview",
    true,
    (item) => {
      const preview = bodyText(item.body).replace(/\s+/g, " ").trim().slice(0, 255);
      return preview ? x("t:Preview", null, preview) : undefined;
    },
    (item) => bodyText(item.body).slice(0, 255),
  ),
  rich(
    "item:TextBody",
    false,
    (item) => x("t:TextBody", { BodyType: "Text", IsTruncated: "false" }, bodyText(item.body)),
  ),
  simple(
    "message:Sender",
    true,
    (item) => single("t:Sender", item.sender),
    (item) => addressValue(item.sender),
  ),
  rich("message:ToRecipients", true, (item) => list("t:ToRecipients", item.toRecipients)),
  rich("message:CcRecipients", true, (item) => list("t:CcRecipients", item.ccRecipients)),
  rich("message:BccRecipients", false, (item) => list("t:BccRecipients", item.bccRecipients)),
  simple(
    "message:IsReadReceiptRequested",
    true,
    (item) => bool("t:IsReadReceiptRequested", item.isReadReceiptRequested),
    (item) => item.isReadReceiptRequested,
  ),
  simple(
    "message:IsDeliveryReceiptRequested",
    true,
    (item) => bool("t:IsDeliveryReceiptRequested", item.isDeliveryReceiptRequested),
    (item) => item.isDeliveryReceiptRequested,
  ),
  simple("message:ConversationIndex", true, (item) => {
    // 22-byte header block: reserved byte + FILETIME-derived bytes + GUID-like topic hash.
    const bytes = new Uint8Array(22);
    bytes[0] = 1;
    const t = item.dateTimeSent.getTime();
    for (let i = 0; i < 5; i++) bytes[1 + i] = Math.floor(t / 2 ** (8 * (4 - i))) & 0xff;
    for (let i = 0; i < item.conversationTopic.length; i++) {
      bytes[6 + (i % 16)] = (bytes[6 + (i % 16)] * 31 + item.conversationTopic.charCodeAt(i)) &
        0xff;
    }
    return x("t:ConversationIndex", null, toBase64(bytes));
  }),
  simple(
    "message:ConversationTopic",
    true,
    (item) => text("t:ConversationTopic", item.conversationTopic),
    (item) => item.conversationTopic,
  ),
  simple(
    "message:From",
    true,
    (item) => single("t:From", item.from),
    (item) => addressValue(item.from),
  ),
  simple(
    "message:InternetMessageId",
    true,
    (item) => text("t:InternetMessageId", item.internetMessageId),
    (item) => item.internetMessageId,
  ),
  simple("message:IsRead", true, (item) => bool("t:IsRead", item.isRead), (item) => item.isRead),
  simple(
    "message:IsResponseRequested",
    true,
    () => bool("t:IsResponseRequested", false),
    () => false,
  ),
  simple(
    "message:References",
    true,
    (item) => text("t:References", item.references),
    (item) => item.references,
  ),
  rich("message:ReplyTo", false, (item) => list("t:ReplyTo", item.replyTo)),
  simple(
    "message:ReceivedBy",
    true,
    (item, env) => item.isFromMe ? undefined : single("t:ReceivedBy", env.mailbox.emailAddress),
  ),
  simple(
    "message:ReceivedRepresenting",
    true,
    (item, env) =>
      item.isFromMe ? undefined : single("t:ReceivedRepresenting", env.mailbox.emailAddress),
  ),
];

export const ITEM_PROPERTY_BY_URI: ReadonlyMap<string, ItemProperty> = new Map(
  ITEM_PROPERTIES.map((p) => [p.uri, p]),
);

/**
 * FieldURI prefixes that name item properties. A known prefix with a property this store does
 * not hold (calendar:Start on a message) is simply not returned, as Exchange does for properties
 * an item does not have; anything else is not an item property at all.
 */
export const ITEM_URI_PREFIXES: ReadonlySet<string> = new Set([
  "item",
  "message",
  "meeting",
  "meetingRequest",
  "calendar",
  "task",
  "contacts",
  "distributionlist",
  "postitem",
  "conversation",
  "persona",
]);
