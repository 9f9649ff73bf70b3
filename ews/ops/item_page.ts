/** Reading one page of a FindItem reply made with an IndexedPageItemView. */
import { singleResponse, type SoapReply } from "../soap/reply.ts";
import { find, type XmlElement } from "../xml/mod.ts";

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
