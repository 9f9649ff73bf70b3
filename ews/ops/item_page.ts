/**
 * One page of a FindItem with an IndexedPageItemView: the request (every listing and lookup
 * builds it here, in the schema's element order) and the reading of its reply.
 */
import { singleResponse, type SoapReply } from "../soap/reply.ts";
import { find, x, type XmlElement, type XmlNode } from "../xml/mod.ts";

/** A `t:FieldURI` path. */
export const fieldUri = (uri: string) => x("t:FieldURI", { FieldURI: uri });

export interface ItemPageRequest {
  /** Paths of the properties asked for beside the ids (FieldURI, IndexedFieldURI, ExtendedFieldURI). */
  properties?: XmlNode[];
  /** How a requested body comes back. */
  bodyType?: "Text" | "HTML" | "Best";
  maxResults: number;
  offset: number;
  /** The condition inside `m:Restriction`; none when falsy. */
  restriction?: XmlNode | false;
  sort?: { by: XmlNode; descending?: boolean };
  /** What goes inside `m:ParentFolderIds`. */
  folders: XmlNode | XmlNode[];
  /** AQS (`m:QueryString`). */
  queryString?: string | false;
}

/** The FindItem request for one page: ids plus `properties`, shallow traversal. */
export function findItemPage(request: ItemPageRequest): XmlNode {
  const { properties = [], sort } = request;
  return x(
    "m:FindItem",
    { Traversal: "Shallow" },
    x(
      "m:ItemShape",
      null,
      x("t:BaseShape", null, "IdOnly"),
      request.bodyType && x("t:BodyType", null, request.bodyType),
      properties.length > 0 && x("t:AdditionalProperties", null, properties),
    ),
    x("m:IndexedPageItemView", {
      MaxEntriesReturned: request.maxResults,
      Offset: request.offset,
      BasePoint: "Beginning",
    }),
    request.restriction && x("m:Restriction", null, request.restriction),
    sort &&
      x(
        "m:SortOrder",
        null,
        x("t:FieldOrder", { Order: sort.descending ? "Descending" : "Ascending" }, sort.by),
      ),
    x("m:ParentFolderIds", null, request.folders),
    request.queryString && x("m:QueryString", null, request.queryString),
  );
}

export interface ItemPage<T> {
  items: T[];
  /** Items in the folder matching the query. */
  total: number;
  /** Offset of the next page; absent on the last page. */
  nextOffset?: number;
}

/** The page's items (read with `read`), the total in view and where the next page starts. */
export function readItemPage<T>(
  reply: SoapReply,
  mailbox: string,
  offset: number,
  read: (item: XmlElement) => T,
): ItemPage<T> {
  const root = find(singleResponse(reply, mailbox).element, "m:RootFolder");
  const items = (find(root, "t:Items")?.children ?? []).map(read);
  const total = Number(root?.attrs.TotalItemsInView ?? items.length);
  const last = root?.attrs.IncludesLastItemInRange !== "false";
  return {
    items,
    total,
    nextOffset: last || items.length === 0 ? undefined : offset + items.length,
  };
}
