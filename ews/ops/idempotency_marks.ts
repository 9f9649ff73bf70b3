/**
 * Idempotency marks. A send made with an idempotency key carries the key (as a digest) and a
 * fingerprint of its content in custom MAPI named properties of our own property set; Exchange
 * keeps them on the item: the copy it files in Sent Items for mail, the organiser's calendar item
 * for a meeting. So any replica, even after a restart, can find out with one FindItem in that
 * folder whether that key was already used, and with which content. The properties are never
 * requested by other operations, so no result shows them.
 *
 * Known limit for mail: the copy exists only once Exchange has sent the message and filed it. A
 * retry on another replica while the first call is still running (or right after its reply was
 * lost) finds nothing and sends again. On the same replica the in-process memory of tools/
 * idempotency.ts covers that window (a call in flight is joined; an unsure outcome refuses). A
 * calendar item exists as soon as CreateItem has stored it.
 */
import type { EwsClient } from "../client.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { find, findAll, x, type XmlNode } from "../xml/mod.ts";
import { type ItemOutcome, outcomes } from "./item_updates.ts";
import { findItemPage, readItemPage } from "./item_page.ts";

/** What a marked send carries: computed by the caller, opaque here. */
export interface SendMark {
  /** Digest of mailbox and idempotency key: what the lookup matches on. */
  key: string;
  /** Fingerprint of what was sent: a copy with another one is a different message. */
  content: string;
  /** Which of several drafts sent with one key (their position in the request). */
  part?: number;
}

/** A marked item found: its id, content fingerprint and part. */
export interface MarkedCopy {
  id: string;
  content: string;
  part?: number;
}

/** Our own property set (a fixed GUID), so no other application's names can collide. */
const PROPERTY_SET = "b7ff0a2a-a7b3-4279-8cb4-813f1e03cbfa";

const path = (name: string, type: "String" | "Integer") =>
  x("t:ExtendedFieldURI", { PropertySetId: PROPERTY_SET, PropertyName: name, PropertyType: type });

const NAMES = {
  key: "ews-mcp-idempotency-key",
  content: "ews-mcp-idempotency-content",
  part: "ews-mcp-idempotency-part",
};
const KEY = () => path(NAMES.key, "String");
const CONTENT = () => path(NAMES.content, "String");
const PART = () => path(NAMES.part, "Integer");

const property = (uri: XmlNode, value: string | number) =>
  x("t:ExtendedProperty", null, uri, x("t:Value", null, String(value)));

/**
 * The mark as `t:ExtendedProperty` elements: in a `t:Message` after Importance, before To; in a
 * `t:CalendarItem` after the reminder, before Start.
 */
export function markProperties(mark: SendMark | undefined): XmlNode[] {
  if (!mark) return [];
  return [
    property(KEY(), mark.key),
    property(CONTENT(), mark.content),
    ...(mark.part === undefined ? [] : [property(PART(), mark.part)]),
  ];
}

/** The mark as UpdateItem changes. */
function markUpdates(mark: SendMark): XmlNode[] {
  const set = (uri: () => XmlNode, value: string | number) =>
    x("t:SetItemField", null, uri(), x("t:Message", null, property(uri(), value)));
  return [
    set(KEY, mark.key),
    set(CONTENT, mark.content),
    ...(mark.part === undefined ? [] : [set(PART, mark.part)]),
  ];
}

/**
 * The items in `ctx`'s distinguished `folder` (Sent Items, Calendar) that carry `key`: one plain
 * FindItem (a CalendarView takes no restriction), ids only plus the content and part properties.
 * At most 100 (send_draft's limit per call); a key is one call's.
 */
export async function findMarked(
  client: EwsClient,
  ctx: MailboxContext,
  folder: "sentitems" | "calendar",
  key: string,
): Promise<MarkedCopy[]> {
  const reply = await client.call(
    findItemPage({
      properties: [CONTENT(), PART()],
      maxResults: 100,
      offset: 0,
      restriction: x(
        "t:IsEqualTo",
        null,
        KEY(),
        x("t:FieldURIOrConstant", null, x("t:Constant", { Value: key })),
      ),
      folders: distinguishedFolderId(ctx, folder),
    }),
    ctx.target,
    { idempotent: true },
  );
  return readItemPage(reply, ctx.mailbox, 0, (item) => {
    const values = new Map(
      findAll(item, "t:ExtendedProperty").map((p) => [
        find(p, "t:ExtendedFieldURI")?.attrs.PropertyName,
        find(p, "t:Value")?.text ?? "",
      ]),
    );
    const part = values.get(NAMES.part);
    return {
      id: find(item, "t:ItemId")?.attrs.Id ?? "",
      content: values.get(NAMES.content) ?? "",
      ...(part === undefined ? {} : { part: Number(part) }),
    };
  }).items;
}

/**
 * Writes the mark on drafts and sends them, in one UpdateItem (SendAndSaveCopy, copies filed in
 * `ctx`'s Sent Items): SendItem cannot set properties, and a separate UpdateItem would cost a
 * round trip more. AlwaysOverwrite because only our own properties change: sending a draft "as
 * it is" never checked its version (SendItem takes no ChangeKey), and so a replica that never
 * saw the draft needs no GetItem for its ChangeKey. Never retried. A result per draft.
 */
export async function sendMarkedDrafts(
  client: EwsClient,
  ctx: MailboxContext,
  ids: string[],
  mark: (index: number) => SendMark,
): Promise<ItemOutcome[]> {
  const reply = await client.call(
    x(
      "m:UpdateItem",
      { MessageDisposition: "SendAndSaveCopy", ConflictResolution: "AlwaysOverwrite" },
      x("m:SavedItemFolderId", null, distinguishedFolderId(ctx, "sentitems")),
      x(
        "m:ItemChanges",
        null,
        ids.map((id, i) =>
          x(
            "t:ItemChange",
            null,
            x("t:ItemId", { Id: id }),
            x("t:Updates", null, markUpdates(mark(i))),
          )
        ),
      ),
    ),
    ctx.target,
    { idempotent: false },
  );
  return outcomes(client, ctx, ids, reply);
}
