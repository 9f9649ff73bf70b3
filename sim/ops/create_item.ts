/**
 * CreateItem for messages. `MessageDisposition` decides what happens: SaveOnly stores a draft
 * (and returns its id), SendOnly sends, SendAndSaveCopy sends and files a copy (Sent Items by
 * default). Mail to addresses of the organisation lands unread in the recipient's Inbox;
 * external recipients are accepted and go nowhere. Replies and forwards (ReplyToItem,
 * ReplyAllToItem, ForwardItem) are composed from the message they answer (response_objects.ts).
 */
import { find, findAll, x, type XmlElement } from "../../ews/xml/mod.ts";
import type { Mailbox, NewMessage } from "../store/mailbox.ts";
import type { EmailAddress, Importance, Sensitivity } from "../store/types.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { type CalendarMime, parseCalendarMimeContent } from "./calendar_mime.ts";
import { createOtherItem } from "./item_kinds.ts";
import { EwsError } from "./errors.ts";
import { extendedValuesToSet, MESSAGE_TAGS, recordVerb, setExtended } from "./extended_fields.ts";
import {
  completeFromMime,
  type MimeMessage,
  parseMimeContent,
  withItemProperties,
} from "./mime_input.ts";
import { operationResponse, parseBoolean, respond } from "./response.ts";
import { composeResponse, RESPONSE_OBJECTS } from "./response_objects.ts";
import { type FolderTarget, itemIdAttrs, resolveFolder } from "./targets.ts";

const ADDRESS = /^[^\s@]+@[^\s@]+$/;

export function readRecipients(message: XmlElement, path: string): EmailAddress[] {
  return findAll(message, `${path}/t:Mailbox`).map((m) => {
    const emailAddress = find(m, "t:EmailAddress")?.text.trim() ?? "";
    if (!ADDRESS.test(emailAddress)) {
      throw new EwsError(
        "ErrorInvalidRecipients",
        `The recipient "${emailAddress}" isn't a valid SMTP address.`,
      );
    }
    return { name: find(m, "t:Name")?.text || undefined, emailAddress, routingType: "SMTP" };
  });
}

/** Reads the fields of a `t:Message` a client may set. */
export function readMessage(message: XmlElement): NewMessage {
  const body = find(message, "t:Body");
  const importance = find(message, "t:Importance")?.text.trim();
  const sensitivity = find(message, "t:Sensitivity")?.text.trim();
  const attachments = findAll(message, "t:Attachments/t:FileAttachment").map((a) => {
    const content = (find(a, "t:Content")?.text ?? "").replace(/\s+/g, "");
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
    } catch {
      throw new EwsError("ErrorInvalidRequest", "Attachment content is not valid base64.");
    }
    return {
      name: find(a, "t:Name")?.text ?? "attachment",
      contentType: find(a, "t:ContentType")?.text,
      content: bytes,
      isInline: parseBoolean(find(a, "t:IsInline")?.text) ?? false,
    };
  });
  return {
    subject: find(message, "t:Subject")?.text ?? "",
    body: body
      ? { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text }
      : undefined,
    to: readRecipients(message, "t:ToRecipients"),
    cc: readRecipients(message, "t:CcRecipients"),
    bcc: readRecipients(message, "t:BccRecipients"),
    replyTo: readRecipients(message, "t:ReplyTo"),
    importance: (importance as Importance | undefined) ?? "Normal",
    sensitivity: (sensitivity as Sensitivity | undefined) ?? "Normal",
    categories: findAll(message, "t:Categories/t:String").map((s) => s.text),
    attachments,
    from: readFrom(message),
    inReplyTo: find(message, "t:InReplyTo")?.text,
    internetMessageId: find(message, "t:InternetMessageId")?.text,
    isRead: parseBoolean(find(message, "t:IsRead")?.text),
  };
}

function readFrom(message: XmlElement): EmailAddress | undefined {
  const address = find(message, "t:From/t:Mailbox/t:EmailAddress")?.text.trim();
  return address ? { emailAddress: address, routingType: "SMTP" } : undefined;
}

/**
 * Who a message goes out as. From absent or the user's own: as the user. From another mailbox:
 * as that mailbox with SendAs, on its behalf (Sender = the user) with SendOnBehalf, otherwise
 * ErrorSendAsDenied, before anything is sent.
 */
function sendingIdentity(
  from: EmailAddress | undefined,
  context: OperationContext,
): { sender: Mailbox; onBehalfOf?: Mailbox } {
  const me = context.actingAs;
  if (!from || from.emailAddress.toLowerCase() === me.address) return { sender: me };
  const owner = context.organisation.mailbox(from.emailAddress);
  const permissions = context.organisation.permissions;
  if (owner && permissions.maySendAs(owner.address, me.address)) return { sender: owner };
  if (owner && permissions.maySendOnBehalf(owner.address, me.address)) {
    return { sender: me, onBehalfOf: owner };
  }
  throw new EwsError("ErrorSendAsDenied");
}

function createOne(
  message: XmlElement,
  disposition: string | undefined,
  savedFolder: XmlElement | undefined,
  context: OperationContext,
  request: XmlElement,
  parsed?: MimeMessage | CalendarMime,
) {
  if (message.name === "CalendarItem") {
    return createOtherItem(message, request, savedFolder, context, parsed as CalendarMime)!;
  }
  const mime = parsed as MimeMessage | undefined;
  const other = createOtherItem(message, request, savedFolder, context);
  if (other) return other;
  const response = RESPONSE_OBJECTS.has(message.name)
    ? composeResponse(message, context)
    : undefined;
  if (message.name !== "Message" && !response) {
    throw new EwsError(
      "ErrorInvalidRequest",
      `Creating ${message.name} items is not supported by this mailbox store.`,
    );
  }
  if (!disposition) {
    throw new EwsError(
      "ErrorMessageDispositionRequired",
      "MessageDisposition is required for messages.",
    );
  }
  // Extended properties are checked before anything is stored, and applied to what is stored.
  const extended = extendedValuesToSet(MESSAGE_TAGS, message);
  const input = response?.message ??
    (mime ? withItemProperties(mime, message) : readMessage(message));
  const defaultFolder = disposition === "SaveOnly" ? "drafts" : "sentitems";
  // Saving a draft or a sent copy creates an item: the folder must grant CreateItems.
  const target: FolderTarget = savedFolder
    ? resolveFolder(savedFolder, context, "create")
    : { mailbox: context.actingAs, folder: context.actingAs.folder(defaultFolder)! };
  if (disposition === "SaveOnly") {
    const item = target.mailbox.addMessage(target.folder.key, {
      ...input,
      from: input.from
        ? context.organisation.normaliseAddress(input.from)
        : target.mailbox.emailAddress,
      isRead: input.isRead ?? true,
      isDraft: true,
      isFromMe: true,
    });
    if (response) Object.assign(item, response.thread);
    if (mime) completeFromMime(item, target.mailbox, mime);
    for (const value of extended) setExtended(MESSAGE_TAGS, item, value, true);
    return [
      x("m:Items", null, x("t:Message", null, x("t:ItemId", itemIdAttrs(target.mailbox, item)))),
    ];
  }
  if (disposition !== "SendOnly" && disposition !== "SendAndSaveCopy") {
    throw new EwsError("ErrorInvalidRequest", `Invalid MessageDisposition ${disposition}.`);
  }
  if ((input.to?.length ?? 0) + (input.cc?.length ?? 0) + (input.bcc?.length ?? 0) === 0) {
    throw new EwsError("ErrorInvalidRecipients", "At least one recipient is required.");
  }
  const identity = sendingIdentity(input.from, context);
  const { saved, delivered } = context.organisation.send(
    identity.sender,
    input,
    disposition === "SendAndSaveCopy" ? target.folder.key : undefined,
    { onBehalfOf: identity.onBehalfOf, saveIn: target.mailbox },
  );
  if (saved && response) Object.assign(saved, response.thread);
  if (response) {
    recordVerb(response.answers.item, response.answers.verb, context.organisation.now());
  }
  if (mime) {
    for (const item of [...delivered, ...(saved ? [saved] : [])]) {
      const owner = context.organisation.mailboxes.find((m) => m.items.get(item.key) === item);
      if (owner) completeFromMime(item, owner, mime);
    }
  }
  if (saved) { for (const value of extended) setExtended(MESSAGE_TAGS, saved, value, false); }
  return [x("m:Items")];
}

function createAll(
  request: XmlElement,
  context: OperationContext,
  mimes: ReadonlyMap<XmlElement, MimeMessage | CalendarMime | EwsError>,
) {
  const disposition = request.attrs.MessageDisposition;
  const savedFolder = find(request, "m:SavedItemFolderId")?.children[0];
  const items = find(request, "m:Items")?.children ?? [];
  const messages = items.map((message) =>
    respond(
      "m:CreateItemResponseMessage",
      () => {
        const mime = mimes.get(message);
        if (mime instanceof EwsError) throw mime;
        return createOne(message, disposition, savedFolder, context, request, mime);
      },
      () => [x("m:Items")],
    )
  );
  return operationResponse("CreateItem", messages);
}

/**
 * MIME is parsed first (asynchronously): Internet messages for messages, iCalendar for calendar
 * items; then every item is created in one synchronous pass.
 */
export const createItem: OperationHandler = (request, context) => {
  const items = find(request, "m:Items")?.children ?? [];
  const withMime = items.filter((i) =>
    (i.name === "Message" || i.name === "CalendarItem") && find(i, "t:MimeContent")
  );
  if (withMime.length === 0) return createAll(request, context, new Map());
  const parse = (item: XmlElement) => {
    const content = find(item, "t:MimeContent")!;
    return item.name === "CalendarItem"
      ? parseCalendarMimeContent(content, context.timeZoneId ?? "UTC")
      : parseMimeContent(content);
  };
  return Promise.all(withMime.map((i) => parse(i).catch((e) => e))).then((parsed) =>
    createAll(request, context, new Map(withMime.map((i, n) => [i, parsed[n]])))
  );
};
