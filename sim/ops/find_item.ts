/**
 * FindItem: the items of one or more folders, filtered (Restriction or QueryString), sorted
 * (newest first unless told otherwise) and paged, each folder answered by its own message.
 */
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import type { MessageItem } from "../store/types.ts";
import { bodyText } from "./body.ts";
import type { OperationHandler } from "./context.ts";
import { findOtherItems } from "./item_kinds.ts";
import { EwsError } from "./errors.ts";
import { ITEM_PROPERTY_BY_URI, type PropertyValue } from "./item_properties.ts";
import { parseItemShape, renderItem } from "./item_shape.ts";
import { applyView } from "./paging.ts";
import { compileRestriction, compileSortOrder, type Predicate } from "./restriction.ts";
import { operationResponse, respond } from "./response.ts";
import { resolveFolder } from "./targets.ts";

export function readItemProperty(item: MessageItem, uri: string): PropertyValue {
  return ITEM_PROPERTY_BY_URI.get(uri)?.value?.(item);
}

/**
 * A small subset of AQS: words must all occur (in subject, body, sender or recipients), and
 * `subject:`, `from:`, `to:`, `body:` narrow a word to one field. Quotes group a phrase.
 */
export function compileQueryString(query: string): Predicate<MessageItem> {
  const terms = [...query.matchAll(/(?:(\w+):)?(?:"([^"]*)"|(\S+))/g)].map((m) => ({
    field: m[1]?.toLowerCase(),
    word: (m[2] ?? m[3]).toLowerCase(),
  })).filter((t) => t.word !== "" && !["and", "or"].includes(t.word));
  const fields = (item: MessageItem): Record<string, string> => {
    const addresses = (list: MessageItem["toRecipients"]) =>
      list.map((a) => `${a.name ?? ""} ${a.emailAddress}`).join(" ");
    return {
      subject: item.subject,
      body: bodyText(item.body),
      from: item.from ? `${item.from.name ?? ""} ${item.from.emailAddress}` : "",
      to: addresses(item.toRecipients) + " " + addresses(item.ccRecipients),
    };
  };
  return (item) => {
    const f = fields(item);
    const everything = Object.values(f).join("\n").toLowerCase();
    return terms.every((t) =>
      t.field && t.field in f
        ? f[t.field].toLowerCase().includes(t.word)
        : everything.includes(t.word)
    );
  };
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
      const { mailbox, folder } = resolveFolder(folderElement, context);
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
      const page = applyView(items, view);
      return [
        x(
          "m:RootFolder",
          page.rootFolderAttrs,
          x("t:Items", null, ...page.entries.map((item) => renderItem(item, shape, { mailbox }))),
        ),
      ];
    })
  );
  return operationResponse("FindItem", messages);
};
