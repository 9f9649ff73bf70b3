/**
 * Attachments: listing an item's attachments (GetItem), reading one (GetAttachment), adding
 * (CreateAttachment) and removing (DeleteAttachment) them, and a message's MIME (GetItem with
 * MimeContent). `attachmentsXml` writes new attachments for any item being created (a message
 * to send, a draft, a reply), so every sending operation attaches in its own single request.
 */
import { Buffer } from "node:buffer";
import type { EwsClient } from "../client.ts";
import { errorFromResponseCode, EwsError } from "../errors.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { responseMessages, singleResponse } from "../soap/reply.ts";
import type { AttachmentContent, AttachmentEntry, NewAttachment } from "../types.ts";
import { find, textOf, x, type XmlElement, type XmlNode } from "../xml/mod.ts";
import { readMessage } from "./read_item.ts";

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

/** `t:FileAttachment` elements for new attachments, in schema order. */
export function fileAttachmentXml(attachment: NewAttachment): XmlNode {
  return x(
    "t:FileAttachment",
    null,
    x("t:Name", null, attachment.name),
    attachment.contentType && x("t:ContentType", null, attachment.contentType),
    attachment.contentId && x("t:ContentId", null, attachment.contentId),
    attachment.isInline !== undefined && x("t:IsInline", null, attachment.isInline),
    x("t:Content", null, toBase64(attachment.content)),
  );
}

/**
 * `t:Attachments` for an item being created (CreateItem's `t:Message`, after `t:Body`), or
 * nothing when there are none.
 */
export function attachmentsXml(attachments: NewAttachment[] | undefined): XmlNode | undefined {
  return attachments?.length
    ? x("t:Attachments", null, attachments.map(fileAttachmentXml))
    : undefined;
}

function readEntry(element: XmlElement): AttachmentEntry {
  const size = textOf(element, "t:Size");
  return {
    id: find(element, "t:AttachmentId")?.attrs.Id ?? "",
    kind: element.name === "ItemAttachment" ? "item" : "file",
    name: textOf(element, "t:Name") ?? "",
    contentType: textOf(element, "t:ContentType"),
    size: size === undefined ? undefined : Number(size),
    isInline: textOf(element, "t:IsInline") === "true",
  };
}

function readEntries(attachments: XmlElement | undefined): AttachmentEntry[] {
  return (attachments?.children ?? []).filter((a) =>
    a.name === "FileAttachment" || a.name === "ItemAttachment"
  ).map(readEntry);
}

/** An item's attachments (files and attached messages), with its subject. One GetItem. */
export async function listAttachments(
  client: EwsClient,
  ctx: MailboxContext,
  itemId: string,
): Promise<{ subject: string; attachments: AttachmentEntry[] }> {
  const reply = await client.call(
    x(
      "m:GetItem",
      null,
      x(
        "m:ItemShape",
        null,
        x("t:BaseShape", null, "IdOnly"),
        x(
          "t:AdditionalProperties",
          null,
          ["item:Subject", "item:Attachments"].map((uri) => x("t:FieldURI", { FieldURI: uri })),
        ),
      ),
      x("m:ItemIds", null, x("t:ItemId", { Id: itemId })),
    ),
    ctx.target,
    { idempotent: true },
  );
  const item = find(singleResponse(reply, ctx.mailbox).element, "m:Items")?.children[0];
  return {
    subject: textOf(item, "t:Subject") ?? "",
    attachments: readEntries(find(item, "t:Attachments")),
  };
}

/** One attachment in full: a file's bytes or an attached message (text body). One request. */
export async function getAttachment(
  client: EwsClient,
  ctx: MailboxContext,
  attachmentId: string,
): Promise<AttachmentContent> {
  const reply = await client.call(
    x(
      "m:GetAttachment",
      null,
      x("m:AttachmentShape", null, x("t:BodyType", null, "Text")),
      x("m:AttachmentIds", null, x("t:AttachmentId", { Id: attachmentId })),
    ),
    ctx.target,
    { idempotent: true },
  );
  const element = find(singleResponse(reply, ctx.mailbox).element, "m:Attachments")?.children[0];
  if (!element) throw new EwsError("Exchange returned no attachment", { kind: "server" });
  const name = textOf(element, "t:Name") ?? "";
  if (element.name === "FileAttachment") {
    return {
      kind: "file",
      name,
      contentType: textOf(element, "t:ContentType"),
      content: fromBase64(textOf(element, "t:Content") ?? ""),
    };
  }
  const item = element.children.find((c) =>
    !["AttachmentId", "Name", "ContentType", "ContentId", "Size", "LastModifiedTime", "IsInline"]
      .includes(c.name)
  );
  if (!item) throw new EwsError("Exchange returned an empty item attachment", { kind: "server" });
  return {
    kind: "item",
    name,
    message: readMessage(item),
    attachments: readEntries(find(item, "t:Attachments")),
  };
}

/** Adds attachments to an item in one CreateAttachment; returns the new attachments' ids. */
export async function addAttachments(
  client: EwsClient,
  ctx: MailboxContext,
  itemId: string,
  attachments: NewAttachment[],
): Promise<{ ids: string[] }> {
  const reply = await client.call(
    x(
      "m:CreateAttachment",
      null,
      x("m:ParentItemId", { Id: itemId }),
      x("m:Attachments", null, attachments.map(fileAttachmentXml)),
    ),
    ctx.target,
    { idempotent: false },
  );
  const messages = responseMessages(reply);
  const failed = messages.find((m) => m.responseClass === "Error");
  if (failed) {
    throw errorFromResponseCode(failed.responseCode, failed.messageText, { mailbox: ctx.mailbox });
  }
  return {
    ids: messages.map((m) =>
      find(m.element, "m:Attachments")?.children[0]?.children.find((c) => c.name === "AttachmentId")
        ?.attrs.Id ?? ""
    ),
  };
}

/** Removes attachments in one DeleteAttachment; the outcome per id. */
export async function deleteAttachments(
  client: EwsClient,
  ctx: MailboxContext,
  attachmentIds: string[],
): Promise<({ id: string; ok: true } | { id: string; ok: false; error: EwsError })[]> {
  const reply = await client.call(
    x(
      "m:DeleteAttachment",
      null,
      x("m:AttachmentIds", null, attachmentIds.map((id) => x("t:AttachmentId", { Id: id }))),
    ),
    ctx.target,
    { idempotent: false },
  );
  const messages = responseMessages(reply);
  return attachmentIds.map((id, i) => {
    const message = messages[i];
    if (message?.responseClass === "Success" || message?.responseClass === "Warning") {
      return { id, ok: true as const };
    }
    return {
      id,
      ok: false as const,
      error: message
        ? errorFromResponseCode(message.responseCode, message.messageText, {
          mailbox: ctx.mailbox,
        })
        : new EwsError("No reply for this attachment", { kind: "server" }),
    };
  });
}

/** A message as RFC 5322 MIME (Exchange's rendering, attachments included). One GetItem. */
export async function getMime(
  client: EwsClient,
  ctx: MailboxContext,
  itemId: string,
): Promise<{ subject: string; mime: Uint8Array }> {
  const reply = await client.call(
    x(
      "m:GetItem",
      null,
      x(
        "m:ItemShape",
        null,
        x("t:BaseShape", null, "IdOnly"),
        x("t:IncludeMimeContent", null, true),
        x("t:AdditionalProperties", null, x("t:FieldURI", { FieldURI: "item:Subject" })),
      ),
      x("m:ItemIds", null, x("t:ItemId", { Id: itemId })),
    ),
    ctx.target,
    { idempotent: true },
  );
  const item = find(singleResponse(reply, ctx.mailbox).element, "m:Items")?.children[0];
  const mime = textOf(item, "t:MimeContent");
  if (mime === undefined) {
    throw new EwsError("Exchange returned no MIME content for this item", { kind: "server" });
  }
  return { subject: textOf(item, "t:Subject") ?? "", mime: fromBase64(mime) };
}
