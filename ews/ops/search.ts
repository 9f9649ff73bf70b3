/**
 * Searching messages: one folder (FindItem) or a folder and all its subfolders (FindFolder for
 * the subtree, then one FindItem naming every folder; Exchange refuses deep FindItem outside
 * search folders). Exact filters become a Restriction; free text (sender, recipients, body, or
 * the caller's AQS) makes the whole query AQS, since Exchange takes one or the other.
 */
import type { EwsClient } from "../client.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { responseMessages, throwIfError } from "../soap/reply.ts";
import type { BodyFormat, Importance, MessagePage } from "../types.ts";
import { find, textOf, x, type XmlElement, type XmlNode } from "../xml/mod.ts";
import { rememberItemId } from "./change_keys.ts";
import { resolveFolder } from "./folders.ts";
import { getMessages } from "./items.ts";
import { fieldUri, findItemPage } from "./item_page.ts";

export type SortField = "received" | "sent" | "subject" | "from" | "size";

const SORT_URIS: Record<SortField, string> = {
  received: "item:DateTimeReceived",
  sent: "item:DateTimeSent",
  subject: "item:Subject",
  from: "message:From",
  size: "item:Size",
};

export interface MessageSearch {
  folder: string;
  includeSubfolders?: boolean;
  subject?: string;
  sender?: string;
  recipients?: string;
  bodyText?: string;
  /** ISO date-times, inclusive start and exclusive end, on the received time. */
  receivedAfter?: string;
  receivedBefore?: string;
  unread?: boolean;
  flagged?: boolean;
  hasAttachments?: boolean;
  importance?: Importance;
  categories?: string[];
  /** AQS passed to Exchange as QueryString. */
  query?: string;
  sort: SortField;
  descending: boolean;
  offset: number;
  maxResults: number;
  body?: BodyFormat;
}

const uri = fieldUri;
const compare = (op: string, u: string, value: string) =>
  x(`t:${op}`, null, uri(u), x("t:FieldURIOrConstant", null, x("t:Constant", { Value: value })));
const contains = (u: string, value: string) =>
  x(
    "t:Contains",
    { ContainmentMode: "Substring", ContainmentComparison: "IgnoreCase" },
    uri(u),
    x("t:Constant", { Value: value }),
  );

/** The exact filters as search expressions (all must hold). */
function expressions(s: MessageSearch): XmlNode[] {
  const out: XmlNode[] = [];
  if (s.subject) out.push(contains("item:Subject", s.subject));
  if (s.receivedAfter) {
    out.push(compare("IsGreaterThanOrEqualTo", "item:DateTimeReceived", s.receivedAfter));
  }
  if (s.receivedBefore) {
    out.push(compare("IsLessThan", "item:DateTimeReceived", s.receivedBefore));
  }
  if (s.unread !== undefined) out.push(compare("IsEqualTo", "message:IsRead", String(!s.unread)));
  if (s.flagged !== undefined) {
    // PidTagFlagStatus: 2 flagged, 1 complete, absent otherwise (item:Flag is not searchable).
    const flagged = x(
      "t:IsEqualTo",
      null,
      x("t:ExtendedFieldURI", { PropertyTag: "0x1090", PropertyType: "Integer" }),
      x("t:FieldURIOrConstant", null, x("t:Constant", { Value: "2" })),
    );
    out.push(s.flagged ? flagged : x("t:Not", null, flagged));
  }
  if (s.hasAttachments !== undefined) {
    out.push(compare("IsEqualTo", "item:HasAttachments", String(s.hasAttachments)));
  }
  if (s.importance) out.push(compare("IsEqualTo", "item:Importance", s.importance));
  for (const c of s.categories ?? []) {
    out.push(
      x(
        "t:Contains",
        { ContainmentMode: "FullString", ContainmentComparison: "IgnoreCase" },
        uri("item:Categories"),
        x("t:Constant", { Value: c }),
      ),
    );
  }
  return out;
}

const aqsValue = (v: string) => /[\s"]/.test(v) ? `"${v.replace(/"/g, "")}"` : v;
const day = (iso: string) => iso.slice(0, 10);

/** The whole search as AQS (used when free text is involved). */
function aqs(s: MessageSearch): string {
  const terms: string[] = [];
  if (s.query) terms.push(s.query);
  if (s.subject) terms.push(`subject:${aqsValue(s.subject)}`);
  if (s.sender) terms.push(`from:${aqsValue(s.sender)}`);
  if (s.recipients) terms.push(`participants:${aqsValue(s.recipients)}`);
  if (s.bodyText) terms.push(`body:${aqsValue(s.bodyText)}`);
  if (s.receivedAfter) terms.push(`received>=${day(s.receivedAfter)}`);
  if (s.receivedBefore) terms.push(`received<${day(s.receivedBefore)}`);
  if (s.unread !== undefined) terms.push(`isread:${!s.unread}`);
  if (s.flagged !== undefined) terms.push(`isflagged:${s.flagged}`);
  if (s.hasAttachments !== undefined) terms.push(`hasattachment:${s.hasAttachments}`);
  if (s.importance) terms.push(`importance:${s.importance.toLowerCase()}`);
  for (const c of s.categories ?? []) terms.push(`category:${aqsValue(c)}`);
  // The caller's query is grouped when filters are added, so its ORs stay inside it.
  if (s.query && terms.length > 1) terms[0] = `(${s.query})`;
  return terms.join(" ");
}

const usesAqs = (s: MessageSearch) => !!(s.query || s.sender || s.recipients || s.bodyText);

/** Folder ids of every folder below `folder` (one deep FindFolder, ids only). */
async function subfolders(
  client: EwsClient,
  ctx: MailboxContext,
  folder: XmlNode,
): Promise<XmlNode[]> {
  const reply = await client.call(
    x(
      "m:FindFolder",
      { Traversal: "Deep" },
      x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
      x("m:ParentFolderIds", null, folder),
    ),
    ctx.target,
    { idempotent: true },
  );
  const [message] = responseMessages(reply);
  throwIfError(message, ctx.mailbox);
  return (find(message.element, "m:RootFolder/t:Folders")?.children ?? []).map((f) =>
    x("t:FolderId", { Id: find(f, "t:FolderId")?.attrs.Id })
  );
}

interface Hit {
  id: string;
  key: string;
}

/** The value a hit sorts by, as a string that orders correctly. */
function sortKey(item: XmlElement, field: SortField): string {
  switch (field) {
    case "received":
      return textOf(item, "t:DateTimeReceived") ?? "";
    case "sent":
      return textOf(item, "t:DateTimeSent") ?? "";
    case "subject":
      return (textOf(item, "t:Subject") ?? "").toLowerCase();
    case "from":
      return (textOf(item, "t:From/t:Mailbox/t:Name") ?? "").toLowerCase();
    case "size":
      return (textOf(item, "t:Size") ?? "0").padStart(15, "0");
  }
}

/**
 * A page of matching messages with totals. Round trips: FindItem and GetItem, plus one FindFolder
 * for a folder path and one for subfolders.
 */
export async function searchMessages(
  client: EwsClient,
  ctx: MailboxContext,
  s: MessageSearch,
): Promise<MessagePage> {
  const folder = await resolveFolder(client, ctx, s.folder);
  const folders = s.includeSubfolders
    ? [folder, ...await subfolders(client, ctx, folder)]
    : [folder];
  const many = folders.length > 1;
  const all = expressions(s);
  const sortUri = SORT_URIS[s.sort];
  const reply = await client.call(
    findItemPage({
      properties: many ? [uri(sortUri)] : [],
      // Across folders each folder pages alone, so fetch up to offset + max of each and merge.
      ...(many
        ? { maxResults: s.offset + s.maxResults, offset: 0 }
        : { maxResults: s.maxResults, offset: s.offset }),
      restriction: !usesAqs(s) && all.length > 0 &&
        (all.length === 1 ? all[0] : x("t:And", null, all)),
      sort: { by: uri(sortUri), descending: s.descending },
      folders,
      queryString: usesAqs(s) && aqs(s),
    }),
    ctx.target,
    { idempotent: true },
  );
  let total = 0;
  let more = false;
  const hits: Hit[] = [];
  for (const message of responseMessages(reply)) {
    throwIfError(message, ctx.mailbox);
    const root = find(message.element, "m:RootFolder");
    total += Number(root?.attrs.TotalItemsInView ?? 0);
    if (root?.attrs.IncludesLastItemInRange === "false") more = true;
    for (const item of find(root, "t:Items")?.children ?? []) {
      const id = find(item, "t:ItemId");
      rememberItemId(client, id);
      hits.push({ id: id?.attrs.Id ?? "", key: many ? sortKey(item, s.sort) : "" });
    }
  }
  let ids: string[];
  let nextOffset: number | undefined;
  if (many) {
    hits.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * (s.descending ? -1 : 1));
    ids = hits.slice(s.offset, s.offset + s.maxResults).map((h) => h.id);
    nextOffset = s.offset + ids.length < total ? s.offset + ids.length : undefined;
  } else {
    ids = hits.map((h) => h.id);
    nextOffset = more && ids.length > 0 ? s.offset + ids.length : undefined;
  }
  const results = await getMessages(client, ctx, ids, { detail: "summary", body: s.body });
  return { messages: results.flatMap((r) => (r.ok ? [r.message] : [])), total, nextOffset };
}
