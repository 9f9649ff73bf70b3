/**
 * What calendar items, contacts and tasks share on the wire: property tables in schema order
 * (their extended properties where ItemType puts them, after HasAttachments), rows every table
 * has, item shapes over the tables, ids, and property readers for restrictions. The operations
 * over such kinds are in `item_kind_ops.ts`.
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { MessageBody } from "../store/types.ts";
import { convertBody } from "./body.ts";
import { EwsError } from "./errors.ts";
import {
  type ComputedTags,
  type ExtendedPath,
  extendedPath,
  type Extensible,
  readExtended,
  renderExtended,
} from "./extended_fields.ts";
import type { BodyTypeRequest, PropertyValue } from "./item_properties.ts";
import type { PropertyReader } from "./restriction.ts";
import { ewsDate, parseBoolean } from "./response.ts";
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
  const base = find(element, "t:BaseShape")?.text.trim() ?? "IdOnly";
  const bodyType = (find(element, "t:BodyType")?.text.trim() ?? "Best") as BodyTypeRequest;
  const wanted = new Set(["item:ItemId"]);
  for (const p of table) {
    if (base === "IdOnly" || p.explicitOnly || (forFind && p.getItemOnly)) continue;
    if (base === "AllProperties" || p.inDefault) wanted.add(p.uri);
  }
  if (parseBoolean(find(element, "t:IncludeMimeContent")?.text) && !forFind) {
    wanted.add("item:MimeContent");
  }
  const extended: ExtendedPath[] = [];
  for (const child of find(element, "t:AdditionalProperties")?.children ?? []) {
    if (child.name === "ExtendedFieldURI") {
      extended.push(extendedPath(child));
      wanted.add(EXTENDED);
      continue;
    }
    let uri = child.attrs.FieldURI ?? "";
    if (child.name === "IndexedFieldURI") {
      uri = indexed[uri.split(":").slice(0, 2).join(":")] ?? uri;
    }
    const p = table.find((row) => row.uri === uri);
    if (p?.getItemOnly && forFind) {
      throw new EwsError("ErrorInvalidPropertyRequest", undefined, [
        x("t:FieldURI", { FieldURI: uri }),
      ]);
    }
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
