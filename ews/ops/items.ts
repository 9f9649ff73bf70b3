/** Item operations on messages: FindItem, GetItem and CreateItem (send). */
import type { EwsClient } from "../client.ts";
import { errorFromResponseCode, EwsError } from "../errors.ts";
import { distinguishedFolderId, type MailboxContext, primaryContext } from "../mailbox/context.ts";
import { responseMessages, singleResponse } from "../soap/reply.ts";
import type { BodyFormat, Message, MessagePage, OutgoingMessage } from "../types.ts";
import { find, x, type XmlNode } from "../xml/mod.ts";
import { attachmentsXml } from "./attachments.ts";
import { rememberItemId } from "./change_keys.ts";
import { resolveFolder } from "./folders.ts";
import { fieldUri, findItemPage } from "./item_page.ts";
import { readMessage } from "./read_item.ts";
import { markProperties, type SendMark } from "./idempotency_marks.ts";

const fields = (...uris: string[]) => x("t:AdditionalProperties", null, uris.map(fieldUri));

/**
 * What a message list shows per message. All of these are properties FindItem can return, so a
 * page without bodies is one FindItem (recipients as DisplayTo: FindItem refuses recipient lists).
 */
export const SUMMARY_FIELDS = [
  "item:Subject",
  "message:From",
  "item:DisplayTo",
  "item:DateTimeReceived",
  "message:IsRead",
  "item:HasAttachments",
  "item:Importance",
  "item:Preview",
  "item:ParentFolderId",
];

/** Everything get_email_details shows. */
export const DETAIL_FIELDS = [
  ...SUMMARY_FIELDS,
  "message:ToRecipients",
  "message:CcRecipients",
  "message:BccRecipients",
  "item:DateTimeSent",
  "message:InternetMessageId",
  "item:ConversationId",
  "item:Size",
  "item:Categories",
  "item:Attachments",
  "item:Flag",
  "item:IsDraft",
];

export interface FindMessagesQuery {
  /** Well-known folder name or folder id. */
  folder: string;
  offset: number;
  maxResults: number;
  unreadOnly?: boolean;
}

interface FoundPage {
  ids: string[];
  /** The messages with their summary properties, when asked for. */
  messages: Message[];
  total: number;
  nextOffset?: number;
}

/**
 * The messages of a folder, newest first, one page at a time: ids only, or with the summary
 * properties (`summary`), in one FindItem either way.
 */
export async function findMessages(
  client: EwsClient,
  ctx: MailboxContext,
  query: FindMessagesQuery & { summary?: boolean },
): Promise<FoundPage> {
  const folder = await resolveFolder(client, ctx, query.folder);
  const reply = await client.call(
    findItemPage({
      properties: query.summary ? SUMMARY_FIELDS.map(fieldUri) : [],
      maxResults: query.maxResults,
      offset: query.offset,
      restriction: query.unreadOnly &&
        x(
          "t:IsEqualTo",
          null,
          fieldUri("message:IsRead"),
          x("t:FieldURIOrConstant", null, x("t:Constant", { Value: "false" })),
        ),
      sort: { by: fieldUri("item:DateTimeReceived"), descending: true },
      folders: folder,
    }),
    ctx.target,
    { idempotent: true },
  );
  const message = singleResponse(reply, ctx.mailbox);
  const root = find(message.element, "m:RootFolder");
  const items = (find(root, "t:Items")?.children ?? []).filter((item) => find(item, "t:ItemId"));
  const ids = items.map((item) => {
    const id = find(item, "t:ItemId");
    rememberItemId(client, id);
    return id!.attrs.Id;
  }).filter(Boolean);
  const total = Number(root?.attrs.TotalItemsInView ?? ids.length);
  const last = root?.attrs.IncludesLastItemInRange !== "false";
  const next = Number(root?.attrs.IndexedPagingOffset ?? query.offset + ids.length);
  return {
    ids,
    messages: query.summary ? items.map(readMessage) : [],
    total,
    nextOffset: last || ids.length === 0 ? undefined : next,
  };
}

export interface GetMessagesOptions {
  detail: "summary" | "full";
  /** Include the body in this format. */
  body?: BodyFormat;
  /** Only what each message adds to its thread (UniqueBody) instead of the whole body. */
  uniqueBody?: boolean;
}

/** One GetItem result: the message, or the error for that id (a batch may mix both). */
export type ItemResult = { ok: true; message: Message } | {
  ok: false;
  id: string;
  error: EwsError;
};

/** Fetches messages by id in one batch; per-id failures are reported, not thrown. */
export async function getMessages(
  client: EwsClient,
  ctx: MailboxContext,
  ids: string[],
  options: GetMessagesOptions,
): Promise<ItemResult[]> {
  if (ids.length === 0) return [];
  const shape: (XmlNode | false)[] = [x("t:BaseShape", null, "IdOnly")];
  const bodyType = options.body === "html" ? "HTML" : "Text";
  if (options.body) shape.push(x("t:BodyType", null, bodyType));
  if (options.body && options.uniqueBody) shape.push(x("t:UniqueBodyType", null, bodyType));
  const uris = options.detail === "full" ? DETAIL_FIELDS : SUMMARY_FIELDS;
  const bodyField = options.uniqueBody ? "item:UniqueBody" : "item:Body";
  shape.push(fields(...uris, ...(options.body ? [bodyField] : [])));
  const reply = await client.call(
    x(
      "m:GetItem",
      null,
      x("m:ItemShape", null, shape),
      x("m:ItemIds", null, ids.map((id) => x("t:ItemId", { Id: id }))),
    ),
    ctx.target,
    { idempotent: true },
  );
  const messages = responseMessages(reply);
  return ids.map((id, i): ItemResult => {
    const message = messages[i];
    if (!message) {
      return { ok: false, id, error: new EwsError("No reply for this item", { kind: "server" }) };
    }
    if (message.responseClass === "Error") {
      return {
        ok: false,
        id,
        error: errorFromResponseCode(message.responseCode, message.messageText, {
          mailbox: ctx.mailbox,
        }),
      };
    }
    const item = find(message.element, "m:Items")?.children[0];
    rememberItemId(client, find(item, "t:ItemId"));
    return item ? { ok: true, message: readMessage(item) } : {
      ok: false,
      id,
      error: new EwsError("Exchange returned no item", { kind: "server" }),
    };
  });
}

/**
 * A page of messages. Without bodies: one FindItem with the summary properties. With bodies
 * (FindItem cannot return them): FindItem for the ids, then one GetItem batch.
 */
export async function listMessages(
  client: EwsClient,
  ctx: MailboxContext,
  query: FindMessagesQuery & { body?: BodyFormat },
): Promise<MessagePage> {
  const page = await findMessages(client, ctx, { ...query, summary: !query.body });
  if (!query.body) {
    return { messages: page.messages, total: page.total, nextOffset: page.nextOffset };
  }
  const results = await getMessages(client, ctx, page.ids, { detail: "summary", body: query.body });
  // An item deleted between the two calls is simply left out of the page.
  const messages = results.flatMap((r) => (r.ok ? [r.message] : []));
  return { messages, total: page.total, nextOffset: page.nextOffset };
}

const recipients = (tag: string, addresses: string[] | undefined) =>
  addresses && addresses.length > 0 &&
  x(tag, null, addresses.map((a) => x("t:Mailbox", null, x("t:EmailAddress", null, a))));

/**
 * Sends a message and saves a copy in Sent Items. Never retried: a retry after an ambiguous
 * failure could send the mail twice. As a delegate the message goes out on behalf of the owner
 * (From = owner, Sender = us) and the copy lands in our own Sent Items: a delegate rarely holds
 * rights on the owner's. Attachments go inline in the same CreateItem (one round trip), and so
 * does the idempotency `mark` (see idempotency_marks.ts), which the Sent Items copy keeps.
 */
export async function sendMessage(
  client: EwsClient,
  ctx: MailboxContext,
  message: OutgoingMessage,
  mark?: SendMark,
): Promise<void> {
  // As a delegate no SavedItemFolderId: Exchange then files the copy in the Sent Items of the
  // account that sends (ours), and no folder of ours is named in a request for the owner.
  const reply = await client.call(
    x(
      "m:CreateItem",
      { MessageDisposition: "SendAndSaveCopy" },
      ctx.access !== "delegate" &&
        x("m:SavedItemFolderId", null, distinguishedFolderId(ctx, "sentitems")),
      x(
        "m:Items",
        null,
        x(
          "t:Message",
          null,
          x("t:Subject", null, message.subject),
          x("t:Body", { BodyType: message.bodyFormat === "html" ? "HTML" : "Text" }, message.body),
          attachmentsXml(message.attachments),
          message.importance && x("t:Importance", null, message.importance),
          markProperties(mark),
          recipients("t:ToRecipients", message.to),
          recipients("t:CcRecipients", message.cc),
          recipients("t:BccRecipients", message.bcc),
          // As a delegate we send on behalf of the mailbox owner, not as ourselves.
          ctx.access === "delegate" &&
            x("t:From", null, x("t:Mailbox", null, x("t:EmailAddress", null, ctx.mailbox))),
        ),
      ),
    ),
    ctx.target,
    { idempotent: false },
  );
  singleResponse(reply, ctx.mailbox);
}

/**
 * Whose Sent Items hold sendMessage's copy: the mailbox's own, or, as a delegate, the service
 * account's (acted on as itself, so the id guard files the ids found there under it).
 */
export function sentCopyContext(
  client: EwsClient,
  ctx: MailboxContext,
): MailboxContext | undefined {
  if (ctx.access !== "delegate") return ctx;
  return client.serviceMailbox ? primaryContext(client.serviceMailbox) : undefined;
}
