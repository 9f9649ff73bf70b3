/**
 * FindItem: the items of one or more folders, filtered (Restriction or QueryString), sorted
 * (newest first unless told otherwise) and paged, each folder answered by its own message.
 * Deep traversal is refused as Exchange refuses it outside search folders: to search a folder
 * and its subfolders, clients find the subfolders and name them all in ParentFolderIds.
 */
import { find, type XmlElement } from "../../ews/xml/mod.ts";
import type { MessageItem } from "../store/types.ts";
import type { OperationHandler } from "./context.ts";
import { findOtherItems } from "./item_kinds.ts";
import { EwsError } from "./errors.ts";
import { readItemExtended } from "./extended_fields.ts";
import { ITEM_PROPERTY_BY_URI, type PropertyValue } from "./item_properties.ts";
import { parseItemShape, renderItem } from "./item_shape.ts";
import { applyView, itemsPage } from "./paging.ts";
import { compileQueryString } from "./query_string.ts";
import { compileRestriction, compileSortOrder } from "./restriction.ts";
import { operationResponse, respond } from "./response.ts";
import { itemAccess, resolveFolder } from "./targets.ts";

export function readItemProperty(item: MessageItem, uri: string): PropertyValue {
  return uri.startsWith("extended:")
    ? readItemExtended(item, uri)
    : ITEM_PROPERTY_BY_URI.get(uri)?.value?.(item);
}

export const findItem: OperationHandler = (request, context) => {
  const traversal = request.attrs.Traversal ?? "Shallow";
  const folderElements = find(request, "m:ParentFolderIds")?.children ?? [];
  const view = request.children.find((c) =>
    ["IndexedPageItemView", "FractionalPageItemView", "CalendarView", "ContactsView"].includes(
      c.name,
    )
  );
  const messages = folderElements.map((folderElement: XmlElement) =>
    respond("m:FindItemResponseMessage", () => {
      const { mailbox, folder } = resolveFolder(folderElement, context, "read");
      const other = traversal === "Shallow"
        ? findOtherItems(request, { mailbox, folder }, view)
        : undefined;
      if (other) return other;
      const shape = parseItemShape(find(request, "m:ItemShape"), true);
      if (traversal === "Deep") {
        throw new EwsError(
          "ErrorInvalidOperation",
          "Deep traversal queries can only be performed on search folders.",
        );
      }
      let items = traversal === "Shallow" ? mailbox.itemsIn(folder.key) : [];
      const restriction = compileRestriction<MessageItem>(
        find(request, "m:Restriction"),
        readItemProperty,
      );
      const queryString = find(request, "m:QueryString")?.text;
      const query = queryString ? compileQueryString(queryString) : () => true;
      items = items.filter((item) => restriction(item) && query(item));
      items.sort(compileSortOrder<MessageItem>(find(request, "m:SortOrder"), readItemProperty, {
        uri: "item:DateTimeReceived",
        descending: true,
      }));
      const access = itemAccess(context, mailbox, folder.key);
      return [
        itemsPage(applyView(items, view), (item) => renderItem(item, shape, { mailbox, access })),
      ];
    })
  );
  return operationResponse("FindItem", messages);
};
