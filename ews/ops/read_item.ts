/** Reading EWS item XML (`t:Message` and friends) into plain `Message` objects. */
import type { AttachmentInfo, EmailAddress, Importance, Message, MessageFlag } from "../types.ts";
import { find, findAll, textOf, type XmlElement } from "../xml/mod.ts";

export function readMailbox(el: XmlElement | undefined): EmailAddress | undefined {
  if (!el) return undefined;
  const email = textOf(el, "t:EmailAddress") ?? "";
  const name = textOf(el, "t:Name");
  if (!email && !name) return undefined;
  return name && name !== email ? { name, email } : { email };
}

function readRecipients(item: XmlElement, path: string): EmailAddress[] {
  return findAll(item, `${path}/t:Mailbox`).map(readMailbox).filter((m): m is EmailAddress =>
    m !== undefined
  );
}

const bool = (value: string | undefined) => value === "true";

export function readMessage(item: XmlElement): Message {
  const id = find(item, "t:ItemId");
  const body = find(item, "t:Body") ?? find(item, "t:UniqueBody");
  const flag = find(item, "t:Flag");
  const attachments: AttachmentInfo[] = (find(item, "t:Attachments")?.children ?? []).map((a) => ({
    id: find(a, "t:AttachmentId")?.attrs.Id ?? "",
    name: textOf(a, "t:Name") ?? "",
    contentType: textOf(a, "t:ContentType"),
    size: textOf(a, "t:Size") !== undefined ? Number(textOf(a, "t:Size")) : undefined,
    isInline: bool(textOf(a, "t:IsInline")),
  }));
  const size = textOf(item, "t:Size");
  return {
    id: id?.attrs.Id ?? "",
    changeKey: id?.attrs.ChangeKey,
    subject: textOf(item, "t:Subject") ?? "",
    from: readMailbox(find(item, "t:From/t:Mailbox")) ??
      readMailbox(find(item, "t:Sender/t:Mailbox")),
    to: readRecipients(item, "t:ToRecipients"),
    displayTo: textOf(item, "t:DisplayTo") || undefined,
    cc: readRecipients(item, "t:CcRecipients"),
    bcc: readRecipients(item, "t:BccRecipients"),
    receivedAt: textOf(item, "t:DateTimeReceived"),
    sentAt: textOf(item, "t:DateTimeSent"),
    isRead: bool(textOf(item, "t:IsRead")),
    hasAttachments: bool(textOf(item, "t:HasAttachments")),
    importance: (textOf(item, "t:Importance") ?? "Normal") as Importance,
    preview: textOf(item, "t:Preview"),
    body: body
      ? { format: body.attrs.BodyType === "HTML" ? "html" : "text", content: body.text }
      : undefined,
    internetMessageId: textOf(item, "t:InternetMessageId"),
    conversationId: find(item, "t:ConversationId")?.attrs.Id,
    size: size !== undefined ? Number(size) : undefined,
    categories: findAll(item, "t:Categories/t:String").map((s) => s.text),
    attachments,
    parentFolderId: find(item, "t:ParentFolderId")?.attrs.Id,
    flag: flag
      ? {
        status: (textOf(flag, "t:FlagStatus") ?? "NotFlagged") as MessageFlag["status"],
        due: textOf(flag, "t:DueDate"),
      }
      : undefined,
    isDraft: textOf(item, "t:IsDraft") !== undefined ? bool(textOf(item, "t:IsDraft")) : undefined,
  };
}
