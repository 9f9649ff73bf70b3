/**
 * Replies, forwards and drafts: ReplyToItem / ReplyAllToItem / ForwardItem (sent, or saved as a
 * draft), new drafts, draft edits and sending a draft. Sending requests are never retried.
 */
import type { EwsClient } from "../client.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { errorFromResponseCode, EwsError } from "../errors.ts";
import { responseMessages, singleResponse } from "../soap/reply.ts";
import type { BodyFormat, Importance } from "../types.ts";
import { find, x, type XmlNode } from "../xml/mod.ts";
import { rememberItemId } from "./change_keys.ts";
import { deleteItems, type ItemOutcome, updateItems } from "./item_updates.ts";
import { type SendMark, sendMarkedDrafts } from "./idempotency_marks.ts";

export type ResponseKind = "reply" | "replyAll" | "forward";

const ELEMENTS: Record<ResponseKind, string> = {
  reply: "t:ReplyToItem",
  replyAll: "t:ReplyAllToItem",
  forward: "t:ForwardItem",
};

const recipients = (tag: string, addresses: string[] | undefined) =>
  addresses && addresses.length > 0 &&
  x(tag, null, addresses.map((a) => x("t:Mailbox", null, x("t:EmailAddress", null, a))));

const bodyType = (format: BodyFormat) => (format === "html" ? "HTML" : "Text");

/** As a delegate we write on behalf of the mailbox owner, not as ourselves. */
const fromOwner = (ctx: MailboxContext) =>
  ctx.access === "delegate" &&
  x("t:From", null, x("t:Mailbox", null, x("t:EmailAddress", null, ctx.mailbox)));

export interface ResponseRequest {
  kind: ResponseKind;
  /** The message answered or forwarded. */
  itemId: string;
  /** The new text, put above the quoted original by Exchange. */
  body: string;
  bodyFormat: BodyFormat;
  /** Extra recipients (required for a forward). */
  to?: string[];
  cc?: string[];
  bcc?: string[];
  /** Save as a draft instead of sending. */
  draft: boolean;
}

/**
 * Sends a reply/forward (copy in Sent Items) or saves it in Drafts; returns the draft id. With an
 * idempotency `mark` it goes through a draft: response objects take no extended properties (the
 * schema restricts ReplyToItem/ForwardItem to recipients, subject and body), so the reply is
 * saved as a draft, then marked and sent in one UpdateItem (two requests instead of one, only
 * for calls with a key). A draft whose sending surely failed is deleted again.
 */
export async function respondToMessage(
  client: EwsClient,
  ctx: MailboxContext,
  r: ResponseRequest,
  mark?: SendMark,
): Promise<{ draftId?: string }> {
  if (mark && !r.draft) {
    const draft = await saveResponse(client, ctx, { ...r, draft: true });
    if (!draft) {
      throw new EwsError("Exchange returned no id for the reply's draft", { kind: "server" });
    }
    const [outcome] = await sendMarkedDrafts(client, ctx, [draft], () => mark)
      .catch(async (error) => {
        if (error instanceof EwsError && error.maybeDelivered === false) {
          await discardDraft(client, ctx, draft);
        }
        throw error;
      });
    if (!outcome.ok) {
      await discardDraft(client, ctx, draft);
      throw outcome.error;
    }
    return {};
  }
  const draftId = await saveResponse(client, ctx, r);
  return r.draft ? { draftId } : {};
}

/** Best effort: a failure to clean up must not hide why the send failed. */
async function discardDraft(client: EwsClient, ctx: MailboxContext, id: string): Promise<void> {
  await deleteItems(client, ctx, [id], "HardDelete").catch(() => undefined);
}

/** One CreateItem with the response object; the saved draft's id (none when sent). */
async function saveResponse(
  client: EwsClient,
  ctx: MailboxContext,
  r: ResponseRequest,
): Promise<string | undefined> {
  const reply = await client.call(
    x(
      "m:CreateItem",
      { MessageDisposition: r.draft ? "SaveOnly" : "SendAndSaveCopy" },
      x("m:SavedItemFolderId", null, distinguishedFolderId(ctx, r.draft ? "drafts" : "sentitems")),
      x(
        "m:Items",
        null,
        x(
          ELEMENTS[r.kind],
          null,
          recipients("t:ToRecipients", r.to),
          recipients("t:CcRecipients", r.cc),
          recipients("t:BccRecipients", r.bcc),
          fromOwner(ctx),
          x("t:ReferenceItemId", { Id: r.itemId }),
          x("t:NewBodyContent", { BodyType: bodyType(r.bodyFormat) }, r.body),
        ),
      ),
    ),
    ctx.target,
    { idempotent: false },
  );
  const message = singleResponse(reply, ctx.mailbox);
  const id = find(message.element, "m:Items")?.children[0]?.children[0];
  rememberItemId(client, id);
  return id?.attrs.Id;
}

export interface DraftContent {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  body?: string;
  bodyFormat: BodyFormat;
  importance?: Importance;
}

/** Saves a new draft in Drafts and returns its id. */
export async function createDraft(
  client: EwsClient,
  ctx: MailboxContext,
  d: DraftContent,
): Promise<string> {
  const reply = await client.call(
    x(
      "m:CreateItem",
      { MessageDisposition: "SaveOnly" },
      x("m:SavedItemFolderId", null, distinguishedFolderId(ctx, "drafts")),
      x(
        "m:Items",
        null,
        x(
          "t:Message",
          null,
          x("t:Subject", null, d.subject ?? ""),
          x("t:Body", { BodyType: bodyType(d.bodyFormat) }, d.body ?? ""),
          d.importance && x("t:Importance", null, d.importance),
          recipients("t:ToRecipients", d.to),
          recipients("t:CcRecipients", d.cc),
          recipients("t:BccRecipients", d.bcc),
          fromOwner(ctx),
        ),
      ),
    ),
    ctx.target,
    { idempotent: false },
  );
  const id = find(singleResponse(reply, ctx.mailbox).element, "m:Items")?.children[0]?.children[0];
  rememberItemId(client, id);
  return id?.attrs.Id ?? "";
}

const set = (uri: string, value: XmlNode) =>
  x("t:SetItemField", null, x("t:FieldURI", { FieldURI: uri }), x("t:Message", null, value));

const setRecipients = (uri: string, tag: string, list: string[]) =>
  list.length
    ? set(uri, recipients(tag, list) as XmlNode)
    : x("t:DeleteItemField", null, x("t:FieldURI", { FieldURI: uri }));

/** Changes the given parts of a draft (others keep their values), one UpdateItem. */
export async function updateDraft(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  d: DraftContent,
): Promise<ItemOutcome> {
  const updates: XmlNode[] = [];
  if (d.subject !== undefined) updates.push(set("item:Subject", x("t:Subject", null, d.subject)));
  if (d.body !== undefined) {
    updates.push(set("item:Body", x("t:Body", { BodyType: bodyType(d.bodyFormat) }, d.body)));
  }
  if (d.importance) updates.push(set("item:Importance", x("t:Importance", null, d.importance)));
  if (d.to) updates.push(setRecipients("message:ToRecipients", "t:ToRecipients", d.to));
  if (d.cc) updates.push(setRecipients("message:CcRecipients", "t:CcRecipients", d.cc));
  if (d.bcc) updates.push(setRecipients("message:BccRecipients", "t:BccRecipients", d.bcc));
  const [outcome] = await updateItems(client, ctx, [id], updates);
  return outcome;
}

/**
 * Sends drafts in one SendItem, filing them in Sent Items; a result per id. With an idempotency
 * `mark`, one UpdateItem writes it on each draft (with its position as part) and sends them.
 */
export async function sendDrafts(
  client: EwsClient,
  ctx: MailboxContext,
  ids: string[],
  mark?: SendMark,
): Promise<ItemOutcome[]> {
  if (mark) {
    return sendMarkedDrafts(client, ctx, ids, (part) => ({ ...mark, part }));
  }
  const reply = await client.call(
    x(
      "m:SendItem",
      { SaveItemToFolder: true },
      x("m:ItemIds", null, ids.map((id) => x("t:ItemId", { Id: id }))),
      x("m:SavedItemFolderId", null, distinguishedFolderId(ctx, "sentitems")),
    ),
    ctx.target,
    { idempotent: false },
  );
  return ids.map((id, i): ItemOutcome => {
    const message = responseMessages(reply)[i];
    if (message?.responseClass === "Error") {
      const error = errorFromResponseCode(message.responseCode, message.messageText, {
        mailbox: ctx.mailbox,
      });
      return { id, ok: false, error };
    }
    return message
      ? { id, ok: true }
      : { id, ok: false, error: new EwsError("No reply for this item", { kind: "server" }) };
  });
}
