/**
 * Replies and forwards as CreateItem builds them from `t:ReplyToItem`, `t:ReplyAllToItem` and
 * `t:ForwardItem`: recipients and subject from the original, the new text above a quoted copy
 * of it (NewBodyContent) or as the whole body (Body), and the thread kept (In-Reply-To,
 * References, same conversation). Forwards carry the original's attachments.
 */
import { find, type XmlElement } from "../../ews/xml/mod.ts";
import type { NewMessage } from "../store/mailbox.ts";
import type { EmailAddress, MessageBody, MessageItem } from "../store/types.ts";
import { bodyText, textToHtml } from "./body.ts";
import type { OperationContext } from "./context.ts";
import { readMessage } from "./create_item.ts";
import { EwsError } from "./errors.ts";
import { ewsDate } from "./response.ts";
import { resolveItem } from "./targets.ts";

export const RESPONSE_OBJECTS: ReadonlySet<string> = new Set([
  "ReplyToItem",
  "ReplyAllToItem",
  "ForwardItem",
]);

export interface ComposedResponse {
  message: NewMessage;
  /** Set on the stored draft or sent copy. */
  thread: Pick<MessageItem, "references" | "uniqueBody">;
}

const display = (a: EmailAddress) => a.name ? `${a.name} <${a.emailAddress}>` : a.emailAddress;

function header(original: MessageItem): string[] {
  return [
    `From: ${original.from ? display(original.from) : ""}`,
    `Sent: ${ewsDate(original.dateTimeSent)}`,
    `To: ${original.toRecipients.map(display).join("; ")}`,
    ...(original.ccRecipients.length
      ? [`Cc: ${original.ccRecipients.map(display).join("; ")}`]
      : []),
    `Subject: ${original.subject}`,
  ];
}

/** The new text above the quoted original, in HTML when either side is HTML. */
function quote(added: MessageBody, original: MessageItem): MessageBody {
  if (added.type === "Text" && original.body.type === "Text") {
    return {
      type: "Text",
      content: `${added.content}\r\n\r\n________________________________\r\n${
        header(original).join("\r\n")
      }\r\n\r\n${original.body.content}`,
    };
  }
  const html = (body: MessageBody) =>
    body.type === "HTML"
      ? body.content.replace(/^[\s\S]*?<body[^>]*>/i, "").replace(/<\/body>[\s\S]*$/i, "")
      : textToHtml(body.content).replace(/^[\s\S]*?<body>/, "").replace(/<\/body>[\s\S]*$/, "");
  const head = textToHtml(header(original).join("\n")).replace(/^[\s\S]*?<body>/, "").replace(
    /<\/body>[\s\S]*$/,
    "",
  );
  return {
    type: "HTML",
    content: `<html><body>${html(added)}<hr id="divRplyFwdMsg">${head}${
      html(original.body)
    }</body></html>`,
  };
}

/** Exchange puts its prefix before the normalised subject: "Re: x" is answered "RE: x". */
function prefixed(prefix: string, original: MessageItem): string {
  return `${prefix}: ${original.conversationTopic}`;
}

export function composeResponse(element: XmlElement, context: OperationContext): ComposedResponse {
  const reference = find(element, "t:ReferenceItemId");
  if (!reference) {
    throw new EwsError("ErrorInvalidReferenceItem", "ReferenceItemId is required.");
  }
  const { mailbox, item: original } = resolveItem(
    { ...reference, name: "ItemId" },
    context,
  );
  if (original.isDraft) {
    throw new EwsError("ErrorInvalidReferenceItem", "A draft cannot be replied to or forwarded.");
  }
  const given = readMessage(element);
  const newBody = find(element, "t:NewBodyContent");
  const added: MessageBody = newBody
    ? { type: newBody.attrs.BodyType === "HTML" ? "HTML" : "Text", content: newBody.text }
    : { type: "Text", content: "" };
  const body = given.body && typeof given.body !== "string" ? given.body : quote(added, original);
  const self = mailbox.address;
  let to: EmailAddress[] = given.to ?? [];
  let cc: EmailAddress[] = given.cc ?? [];
  let subject: string;
  if (element.name === "ForwardItem") {
    subject = prefixed("FW", original);
  } else {
    subject = prefixed("RE", original);
    const author = original.replyTo.length
      ? original.replyTo
      : original.from
      ? [original.from]
      : [];
    to = [...author, ...to];
    if (element.name === "ReplyAllToItem") {
      const notSelf = (a: EmailAddress) => a.emailAddress.toLowerCase() !== self;
      to = [...to, ...original.toRecipients.filter(notSelf)];
      cc = [...original.ccRecipients.filter(notSelf), ...cc];
    }
  }
  const unique = <T extends EmailAddress>(list: T[]) =>
    list.filter((a, i) =>
      list.findIndex((b) => b.emailAddress.toLowerCase() === a.emailAddress.toLowerCase()) === i
    );
  return {
    message: {
      ...given,
      subject: given.subject || subject,
      body,
      to: unique(to),
      cc: unique(cc),
      inReplyTo: original.internetMessageId,
      attachments: element.name === "ForwardItem"
        ? original.attachments.map((a) => ({ ...a, content: a.content.slice() }))
        : given.attachments,
    },
    thread: {
      references: [original.references, original.internetMessageId].filter(Boolean).join(" "),
      uniqueBody: given.body && typeof given.body !== "string"
        ? given.body
        : { type: added.type, content: bodyText(added) === "" ? "" : added.content },
    },
  };
}
