/** Body conversions Exchange performs when a client asks for another body type than stored. */
import { escapeXml } from "../../ews/xml/mod.ts";
import type { MessageBody, MessageItem } from "../store/types.ts";

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** Plain text of an HTML body: block elements become line breaks, tags and entities go. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|script)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li[^>]*>/gi, "\n* ")
    .replace(/<\/(p|div|h[1-6]|tr|table|ul|ol)>/gi, "\n")
    .replace(/<\/t[dh]>/gi, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
      if (ref[0] === "#") {
        const code = ref[1] === "x" || ref[1] === "X"
          ? parseInt(ref.slice(2), 16)
          : parseInt(ref.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[ref.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** HTML rendering of a text body, shaped like the HTML Exchange generates from plain text. */
export function textToHtml(text: string): string {
  const paragraphs = escapeXml(text).split("\n").map((line) => line === "" ? "<br>" : line);
  return '<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n' +
    "</head>\r\n<body>\r\n<div>" + paragraphs.join("<br>\r\n") + "</div>\r\n</body>\r\n</html>\r\n";
}

/** The body in the requested type (`Best` keeps the stored type). */
export function convertBody(body: MessageBody, requested: "Best" | "HTML" | "Text"): MessageBody {
  if (requested === "Best" || requested === body.type) return body;
  if (requested === "Text") return { type: "Text", content: htmlToText(body.content) };
  return { type: "HTML", content: textToHtml(body.content) };
}

/** Plain text of any body, for previews and text searches. */
export function bodyText(body: MessageBody): string {
  return body.type === "HTML" ? htmlToText(body.content) : body.content;
}

/** Where quoted history starts in a reply or forward written by Outlook or a plain-text client. */
const QUOTE_START =
  /^(_{10,}|-{2,}\s*(Original Message|Forwarded message)\s*-{2,}|From: .+|On .+ wrote:|>.*)$/im;

/**
 * What a message adds to its thread (EWS UniqueBody): the text its author wrote, without the
 * quoted history below it. Replies created here remember it; other mail is cut at the quote.
 */
export function uniqueBody(item: MessageItem): MessageBody {
  if (item.uniqueBody) return item.uniqueBody;
  const text = bodyText(item.body);
  const match = QUOTE_START.exec(text);
  const unique = match ? text.slice(0, match.index).trimEnd() : text;
  return item.body.type === "HTML"
    ? { type: "HTML", content: textToHtml(unique) }
    : { type: "Text", content: unique };
}
