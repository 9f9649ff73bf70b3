/** Builders and readers for the extended-property tests (messages, folders and other kinds). */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { createItem, folderId, updateItem } from "./helpers.ts";

export type Attrs = Record<string, string>;
export const tagged = (tag: string, type: string): Attrs => ({
  PropertyTag: tag,
  PropertyType: type,
});
export const uri = (attrs: Attrs) => x("t:ExtendedFieldURI", attrs);

export const SIZE = tagged("0x0E08", "Integer");
export const DELIVERY = tagged("0x0E06", "SystemTime");
export const FLAGS = tagged("0x0E07", "Integer");
export const ARTICLE = tagged("0x0E23", "Integer");
export const SUBJECT = tagged("0x0037", "String");
export const MODIFIED = tagged("0x3008", "SystemTime");
export const FLAG_STATUS = tagged("0x1090", "Integer");
export const LAST_VERB = tagged("0x1081", "Integer");
export const CONTAINER_CLASS = tagged("0x3613", "String");
export const HAS_SUBFOLDERS = tagged("0x360A", "Boolean");
export const CONTENT_COUNT = tagged("0x3602", "Integer");
export const UNREAD_COUNT = tagged("0x3603", "Integer");
export const CHANGE_MARKER = tagged("0x670A", "SystemTime");

export const CUSTOM_NAME: Attrs = {
  DistinguishedPropertySetId: "PublicStrings",
  PropertyName: "X-Ews-Mcp-Key",
  PropertyType: "String",
};
export const CUSTOM_ID: Attrs = {
  PropertySetId: "c11ff724-aa03-4555-9952-8fa248a11c3e",
  PropertyId: "32801",
  PropertyType: "Integer",
};
export const CUSTOM_ARRAY: Attrs = {
  DistinguishedPropertySetId: "PublicStrings",
  PropertyName: "X-Labels",
  PropertyType: "StringArray",
};

export function itemShape(base: string, extended: Attrs[], fields: string[] = []): XmlNode {
  return x(
    "m:ItemShape",
    null,
    x("t:BaseShape", null, base),
    extended.length + fields.length > 0 &&
      x(
        "t:AdditionalProperties",
        null,
        ...fields.map((f) => x("t:FieldURI", { FieldURI: f })),
        ...extended.map(uri),
      ),
  );
}

export function findItems(folder: XmlNode, shape: XmlNode, restriction?: XmlNode): XmlNode {
  return x(
    "m:FindItem",
    { Traversal: "Shallow" },
    shape,
    restriction && x("m:Restriction", null, restriction),
    x("m:ParentFolderIds", null, folder),
  );
}

export function getItems(ids: string[], shape: XmlNode): XmlNode {
  return x(
    "m:GetItem",
    null,
    shape,
    x("m:ItemIds", null, ...ids.map((id) => x("t:ItemId", { Id: id }))),
  );
}

export function itemsOf(message: XmlElement): XmlElement[] {
  return (find(message, "m:RootFolder/t:Items") ?? find(message, "m:Items"))?.children ?? [];
}

/** The value (or values) of the extended property matching `attrs` by tag, name or id. */
export function extended(element: XmlElement, attrs: Attrs): string | string[] | undefined {
  const wanted = attrs.PropertyTag
    ? `0x${parseInt(attrs.PropertyTag, 16).toString(16)}`
    : attrs.PropertyName ?? attrs.PropertyId;
  for (const p of findAll(element, "t:ExtendedProperty")) {
    const a = find(p, "t:ExtendedFieldURI")!.attrs;
    if ((a.PropertyTag ?? a.PropertyName ?? a.PropertyId) !== wanted) continue;
    const values = find(p, "t:Values");
    return values ? findAll(values, "t:Value").map((v) => v.text) : find(p, "t:Value")!.text;
  }
  return undefined;
}

export const contains = (path: XmlNode, value: string) =>
  x(
    "t:Contains",
    { ContainmentMode: "Substring", ContainmentComparison: "IgnoreCase" },
    path,
    x("t:Constant", { Value: value }),
  );
export const isEqualTo = (path: XmlNode, value: string) =>
  x("t:IsEqualTo", null, path, x("t:FieldURIOrConstant", null, x("t:Constant", { Value: value })));

export function createWithExtended(properties: XmlNode[], folder = "drafts"): XmlNode {
  return createItem(
    [x("t:Message", null, x("t:Subject", null, "Custom properties"), ...properties)],
    { MessageDisposition: "SaveOnly" },
    folderId(folder),
  );
}

export const property = (attrs: Attrs, ...values: string[]) =>
  x(
    "t:ExtendedProperty",
    null,
    uri(attrs),
    attrs.PropertyType.endsWith("Array")
      ? x("t:Values", null, ...values.map((v) => x("t:Value", null, v)))
      : x("t:Value", null, values[0]),
  );

/** UpdateItem attributes per item element: calendar items need a meeting mode, not a disposition. */
function updateAttrs(element: string): Record<string, string | undefined> {
  return element === "CalendarItem"
    ? { MessageDisposition: undefined, SendMeetingInvitationsOrCancellations: "SendToNone" }
    : {};
}

/** UpdateItem setting an extended property of an item (a `t:Message` unless `element` says). */
export function setField(
  id: string,
  attrs: Attrs,
  values: string[],
  element = "Message",
): XmlNode {
  const change = x(
    "t:SetItemField",
    null,
    uri(attrs),
    x(`t:${element}`, null, property(attrs, ...values)),
  );
  return updateItem(id, [change], updateAttrs(element));
}

/** UpdateItem deleting an extended property of an item. */
export function deleteField(id: string, attrs: Attrs, element = "Message"): XmlNode {
  return updateItem(id, [x("t:DeleteItemField", null, uri(attrs))], updateAttrs(element));
}
