/**
 * What calendar items, contacts and tasks share on the wire: property tables in schema order
 * (their extended properties where ItemType puts them, after HasAttachments), rows every table
 * has, item shapes over the tables, ids, and property readers for restrictions. The operations
 * over such kinds are in `item_kind_ops.ts`.
 */
import { x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { MessageBody } from "../store/types.ts";
import { convertBody } from "./body.ts";
import {
  type ComputedTags,
  type ExtendedPath,
  type Extensible,
  readExtended,
  renderExtended,
} from "./extended_fields.ts";
import type { BodyTypeRequest, PropertyValue } from "./item_properties.ts";
import { invalidProperty, readShape } from "./item_shape.ts";
import type { PropertyReader } from "./restriction.ts";
import { ewsDate } from "./response.ts";
import { folderIdAttrs } from "./targets.ts";

/** What every kind's store keeps for an item. */
export interface KindItem extends Extensible {
  key: string;
  folderKey: string;
  version: number;
  body: MessageBody;
  categories: string[];
  created: Date;
  lastModified: Date;
}

export interface KindEnv {
  mailbox: Mailbox;
  bodyType: BodyTypeRequest;
  extended: readonly ExtendedPath[];
}

/** One row of a kind's property table; `render` gives nothing when the item lacks it. */
export interface KindProperty<T> {
  uri: string;
  inDefault: boolean;
  /** FindItem refuses these, as Exchange does. */
  getItemOnly?: boolean;
  /** Only when asked for by name (MimeContent, extended properties), never by a base shape. */
  explicitOnly?: boolean;
  render(o: T, env: KindEnv): XmlNode | XmlNode[] | undefined | false;
  /** The value restrictions and sort orders compare. */
  value?(o: T): PropertyValue;
}

export interface KindShape<T> {
  bodyType: BodyTypeRequest;
  properties: KindProperty<T>[];
  extended: ExtendedPath[];
}

export function kindIdAttrs(mailbox: Mailbox, item: { key: string; version: number }) {
  return {
    Id: encodeId("item", mailbox.address, item.key),
    ChangeKey: encodeChangeKey(item.key, item.version),
  };
}

// ---- rows every kind's table shares ---------------------------------------------------------

const EXTENDED = "item:ExtendedProperty";

/** The element a FieldURI renders as: `item:DateTimeCreated` → `t:DateTimeCreated`. */
const elementOf = (uri: string) => `t:${uri.slice(uri.indexOf(":") + 1)}`;

export const idRow = <T extends KindItem>(): KindProperty<T> => ({
  uri: "item:ItemId",
  inDefault: true,
  render: (o, env) => x("t:ItemId", kindIdAttrs(env.mailbox, o)),
});

export const folderRow = <T>(folderKey: (o: T) => string): KindProperty<T> => ({
  uri: "item:ParentFolderId",
  inDefault: true,
  render: (o, env) =>
    x("t:ParentFolderId", folderIdAttrs(env.mailbox, env.mailbox.folder(folderKey(o))!)),
});

export const classRow = <T>(itemClass: string): KindProperty<T> => ({
  uri: "item:ItemClass",
  inDefault: true,
  render: () => x("t:ItemClass", null, itemClass),
});

export const textRow = <T>(uri: string, get: (o: T) => string | undefined): KindProperty<T> => ({
  uri,
  inDefault: true,
  render: (o) => {
    const value = get(o);
    return value !== undefined && x(elementOf(uri), null, value);
  },
  value: get,
});

export const bodyRow = <T>(body: (o: T) => MessageBody): KindProperty<T> => ({
  uri: "item:Body",
  inDefault: true,
  getItemOnly: true,
  render: (o, env) => {
    const converted = convertBody(body(o), env.bodyType);
    return x("t:Body", { BodyType: converted.type, IsTruncated: "false" }, converted.content);
  },
});

export const dateRow = <T>(uri: string, get: (o: T) => Date | undefined): KindProperty<T> => ({
  uri,
  inDefault: true,
  render: (o) => {
    const d = get(o);
    return d && x(elementOf(uri), null, ewsDate(d));
  },
  value: get,
});

export const categoriesRow = <T>(get: (o: T) => string[]): KindProperty<T> => ({
  uri: "item:Categories",
  inDefault: true,
  render: (o) =>
    get(o).length > 0 && x("t:Categories", null, ...get(o).map((c) => x("t:String", null, c))),
  value: get,
});

/** The extended properties a shape asked for, from the stored item behind a row's object. */
export const extendedRow = <T, I extends Extensible>(
  tags: ComputedTags<I>,
  item: (o: T) => I,
): KindProperty<T> => ({
  uri: EXTENDED,
  inDefault: false,
  explicitOnly: true,
  render: (o, env) => renderExtended(tags, item(o), env.mailbox, env.extended),
});

/** The rows ItemType starts with, up to Categories, for a kind kept in a store of its own. */
export function leadingRows<T extends KindItem>(
  itemClass: string,
  subject: (o: T) => string,
): KindProperty<T>[] {
  return [
    idRow(),
    folderRow((o) => o.folderKey),
    classRow(itemClass),
    textRow("item:Subject", subject),
    bodyRow((o) => o.body),
    dateRow("item:DateTimeReceived", (o) => o.created),
    categoriesRow((o) => o.categories),
  ];
}

/** What the common tags read of such a kind (see `kindTags`), its size as item:Size counts. */
export function storedFacts<T extends KindItem>(subject: (o: T) => string) {
  return {
    size: (o: T) => 1024 + subject(o).length + o.body.content.length,
    created: (o: T) => o.created,
    modified: (o: T) => o.lastModified,
    body: (o: T) => o.body,
    categories: {
      get: (o: T) => o.categories,
      set: (o: T, value: string[]) => o.categories = value,
    },
  };
}

// ---- shapes and restrictions ----------------------------------------------------------------

/**
 * Parses an item shape over a kind's table. `indexed` maps an indexed FieldURI to the row that
 * carries its dictionary (`contacts:EmailAddress` → `contacts:EmailAddresses`).
 */
export function parseKindShape<T>(
  table: readonly KindProperty<T>[],
  element: XmlElement | undefined,
  forFind: boolean,
  indexed: Readonly<Record<string, string>> = {},
): KindShape<T> {
  const { bodyType, wanted, extended, named } = readShape(element, table, forFind);
  for (const child of named) {
    let uri = child.attrs.FieldURI ?? "";
    if (child.name === "IndexedFieldURI") {
      uri = indexed[uri.split(":").slice(0, 2).join(":")] ?? uri;
    }
    const p = table.find((row) => row.uri === uri);
    if (p?.getItemOnly && forFind) throw invalidProperty(uri);
    if (p) wanted.add(uri);
  }
  return { bodyType, properties: table.filter((p) => wanted.has(p.uri)), extended };
}

export function renderKind<T>(
  element: string,
  o: T,
  shape: KindShape<T>,
  mailbox: Mailbox,
): XmlNode {
  const env: KindEnv = { mailbox, bodyType: shape.bodyType, extended: shape.extended };
  return x(element, null, ...shape.properties.map((p) => p.render(o, env)));
}

/**
 * The property reader of a kind for restrictions and sort orders: extended paths through the
 * kind's tags, FieldURIs through the table (`more` first, for indexed paths).
 */
export function kindReader<T extends Extensible>(
  table: readonly KindProperty<T>[],
  tags: ComputedTags<T>,
  more?: (o: T, uri: string) => PropertyValue,
): PropertyReader<T> {
  const byUri = new Map(table.map((p) => [p.uri, p]));
  return (o, uri) =>
    uri.startsWith("extended:")
      ? readExtended(tags, o, uri)
      : more?.(o, uri) ?? byUri.get(uri)?.value?.(o);
}
