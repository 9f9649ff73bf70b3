/** RFC 5322 rendering of a message, for `item:MimeContent`. */
import type { EmailAddress, MessageItem } from "../store/types.ts";

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function wrap(value: string): string {
  return value.replace(/.{1,76}/g, "$&\r\n");
}

function encodeWord(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : `=?utf-8?B?${base64(new TextEncoder().encode(value))}?=`;
}

/** A parameter value inside quotes: non-ASCII as an encoded word, quotes and CR/LF dropped. */
function quoted(value: string): string {
  return encodeWord(value.replace(/["\r\n\\]/g, ""));
}

function address(a: EmailAddress): string {
  return a.name
    ? `${encodeWord(`"${a.name.replace(/"/g, "'")}"`)} <${a.emailAddress}>`
    : `<${a.emailAddress}>`;
}

/** The message as an Internet message, UTF-8 bytes. */
export function renderMime(item: MessageItem): Uint8Array {
  const headers: string[] = [];
  if (item.from) headers.push(`From: ${address(item.from)}`);
  if (item.sender && item.sender.emailAddress !== item.from?.emailAddress) {
    headers.push(`Sender: ${address(item.sender)}`);
  }
  if (item.toRecipients.length) headers.push(`To: ${item.toRecipients.map(address).join(", ")}`);
  if (item.ccRecipients.length) headers.push(`Cc: ${item.ccRecipients.map(address).join(", ")}`);
  headers.push(`Subject: ${encodeWord(item.subject)}`);
  headers.push(`Date: ${item.dateTimeSent.toUTCString().replace("GMT", "+0000")}`);
  headers.push(`Message-ID: ${item.internetMessageId}`);
  if (item.inReplyTo) headers.push(`In-Reply-To: ${item.inReplyTo}`);
  headers.push("MIME-Version: 1.0");
  const bodyType = item.body.type === "HTML" ? "text/html" : "text/plain";
  const bodyPart = [
    `Content-Type: ${bodyType}; charset="utf-8"`,
    "Content-Transfer-Encoding: base64",
    "",
    wrap(base64(new TextEncoder().encode(item.body.content))),
  ].join("\r\n");
  let text: string;
  if (item.attachments.length === 0) {
    text = headers.join("\r\n") + "\r\n" + bodyPart;
  } else {
    const boundary = `_000_${item.key}_`;
    const parts = [bodyPart];
    for (const a of item.attachments) {
      if (a.item) {
        // An attached message travels as message/rfc822, its own MIME unencoded (RFC 2046 5.2.1).
        parts.push([
          "Content-Type: message/rfc822",
          `Content-Disposition: ${a.isInline ? "inline" : "attachment"}`,
          "",
          new TextDecoder().decode(renderMime(a.item)),
        ].join("\r\n"));
        continue;
      }
      parts.push([
        `Content-Type: ${a.contentType}; name="${quoted(a.name)}"`,
        `Content-Disposition: ${a.isInline ? "inline" : "attachment"}; filename="${
          quoted(a.name)
        }"`,
        ...(a.contentId ? [`Content-ID: <${a.contentId}>`] : []),
        "Content-Transfer-Encoding: base64",
        "",
        wrap(base64(a.content)),
      ].join("\r\n"));
    }
    text = headers.join("\r\n") +
      `\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
      parts.map((p) => `--${boundary}\r\n${p}`).join("\r\n") + `\r\n--${boundary}--\r\n`;
  }
  return new TextEncoder().encode(text);
}

export { base64 as toBase64 };
