/**
 * `t:MimeContent` in CreateItem: an Internet message (RFC 5322) parsed with postal-mime into
 * what the store holds: headers, recipients, text or HTML body, attachments (attached messages
 * become item attachments) and dates. Properties the client sets beside the MIME win over it,
 * as in Exchange.
 */
import PostalMime, { type Address, type Email } from "postal-mime";
import { find, type XmlElement } from "../../ews/xml/mod.ts";
import type { Mailbox, NewMessage } from "../store/mailbox.ts";
import type { EmailAddress, Importance, MessageItem, Sensitivity } from "../store/types.ts";
import { attachMessage } from "./attachments.ts";
import { readMessage } from "./create_item.ts";
import { EwsError } from "./errors.ts";

/** A message read from MIME: what `addMessage` takes, plus what it has no field for. */
export interface MimeMessage {
  message: NewMessage;
  references?: string;
  /** Attached messages (message/rfc822 parts), attached once the item exists. */
  attachedMessages: { name: string; message: MimeMessage }[];
  inline: { name: string; contentId: string }[];
}

const ADDRESS = /^[^\s@]+@[^\s@]+$/;

function addresses(list: Address[] | Address | undefined): EmailAddress[] {
  const flat = (Array.isArray(list) ? list : list ? [list] : []).flatMap((a) =>
    a.group ? a.group : [a]
  );
  return flat.filter((a) => ADDRESS.test(a.address)).map((a) => ({
    name: a.name || undefined,
    emailAddress: a.address,
    routingType: "SMTP" as const,
  }));
}

function header(email: Email, key: string): string | undefined {
  return email.headers.find((h) => h.key === key)?.value.trim();
}

function importance(email: Email): Importance {
  const value = (header(email, "importance") ?? "").toLowerCase();
  const priority = Number.parseInt(header(email, "x-priority") ?? "3", 10);
  if (value === "high" || priority < 3) return "High";
  if (value === "low" || priority > 3) return "Low";
  return "Normal";
}

function sensitivity(email: Email): Sensitivity {
  const value = (header(email, "sensitivity") ?? "").toLowerCase();
  if (value === "personal") return "Personal";
  if (value === "private") return "Private";
  if (value === "company-confidential") return "Confidential";
  return "Normal";
}

function bytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === "string") return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

async function fromMime(raw: Uint8Array, depth: number): Promise<MimeMessage> {
  const email = await PostalMime.parse(raw, { forceRfc822Attachments: true });
  const date = email.date ? new Date(email.date) : undefined;
  const sent = date && !Number.isNaN(date.getTime()) ? date : undefined;
  const files: NonNullable<NewMessage["attachments"]> = [];
  const attachedMessages: MimeMessage["attachedMessages"] = [];
  const inline: MimeMessage["inline"] = [];
  for (const a of email.attachments) {
    const content = bytes(a.content);
    if (a.mimeType === "message/rfc822" && depth < 5) {
      const message = await fromMime(content, depth + 1);
      attachedMessages.push({ name: a.filename ?? message.message.subject, message });
      continue;
    }
    const isInline = a.disposition === "inline" || a.related === true;
    const name = a.filename ?? "attachment";
    files.push({ name, contentType: a.mimeType, content, isInline });
    if (a.contentId) inline.push({ name, contentId: a.contentId.replace(/^<|>$/g, "") });
  }
  const from = addresses(email.from)[0];
  return {
    message: {
      subject: email.subject ?? "",
      body: email.html !== undefined
        ? { type: "HTML", content: email.html }
        : { type: "Text", content: email.text ?? "" },
      from,
      sender: addresses(email.sender)[0] ?? from,
      to: addresses(email.to),
      cc: addresses(email.cc),
      bcc: addresses(email.bcc),
      replyTo: addresses(email.replyTo),
      sent,
      importance: importance(email),
      sensitivity: sensitivity(email),
      attachments: files,
      internetMessageId: email.messageId,
      inReplyTo: email.inReplyTo,
    },
    references: email.references,
    attachedMessages,
    inline,
  };
}

/** The bytes of a `t:MimeContent`; bad base64 or nothing at all is ErrorMimeContentInvalid. */
export function mimeBytes(element: XmlElement): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = Uint8Array.from(atob(element.text.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    throw new EwsError("ErrorMimeContentInvalid", "The MIME content is not valid base64.");
  }
  if (raw.length === 0) throw new EwsError("ErrorMimeContentInvalid", "The MIME content is empty.");
  return raw;
}

/** Decodes and parses the `t:MimeContent` of an item. */
export async function parseMimeContent(element: XmlElement): Promise<MimeMessage> {
  const raw = mimeBytes(element);
  try {
    return await fromMime(raw, 0);
  } catch {
    throw new EwsError("ErrorMimeContentConversionFailed", "The MIME content could not be read.");
  }
}

/** The elements of `t:Message` that, when present, override what the MIME says. */
const OVERRIDES: [string, keyof NewMessage][] = [
  ["Subject", "subject"],
  ["Body", "body"],
  ["ToRecipients", "to"],
  ["CcRecipients", "cc"],
  ["BccRecipients", "bcc"],
  ["ReplyTo", "replyTo"],
  ["Importance", "importance"],
  ["Sensitivity", "sensitivity"],
  ["Categories", "categories"],
  ["From", "from"],
  ["IsRead", "isRead"],
  ["InternetMessageId", "internetMessageId"],
  ["InReplyTo", "inReplyTo"],
];

/** The MIME message with the properties set beside it in the `t:Message` applied on top. */
export function withItemProperties(mime: MimeMessage, element: XmlElement): NewMessage {
  const given = readMessage(element);
  const out: NewMessage = { ...mime.message };
  const target = out as unknown as Record<string, unknown>;
  for (const [name, key] of OVERRIDES) {
    if (find(element, `t:${name}`)) target[key] = given[key];
  }
  if (given.attachments?.length) {
    out.attachments = [...(out.attachments ?? []), ...given.attachments];
  }
  return out;
}

/**
 * What `addMessage` cannot take from MIME, set on a stored item: references, content ids of
 * inline parts, attached messages, and whether the mailbox owner wrote it.
 */
export function completeFromMime(item: MessageItem, mailbox: Mailbox, mime: MimeMessage): void {
  if (mime.references) item.references = mime.references;
  for (const { name, contentId } of mime.inline) {
    const attachment = item.attachments.find((a) => a.name === name && !a.contentId);
    if (attachment) attachment.contentId = contentId;
  }
  for (const attached of mime.attachedMessages) {
    const inner = attachMessage(
      mailbox,
      item,
      { ...attached.message.message, isRead: true },
      attached.name,
    );
    if (inner.item) completeFromMime(inner.item, mailbox, attached.message);
  }
  if (item.isDraft && item.from) {
    item.isFromMe = item.from.emailAddress.toLowerCase() === mailbox.address;
  }
}
