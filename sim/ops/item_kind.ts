/**
 * What calendar items, contacts and tasks share on the wire: property tables in schema order
 * (their extended properties where ItemType puts them, after HasAttachments), item shapes over
 * them, ids and change keys, resolving an id in the kind's own store, and the steps of CreateItem,
 * UpdateItem, FindItem and DeleteItem every such kind takes the same way.
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { decodeId, encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { FolderKind, MessageBody } from "../store/types.ts";
import { convertBody } from "./body.ts";
import type { OperationContext } from "./context.ts";
import { EwsError } from "./errors.ts";
import {
  type ComputedTags,
  type ExtendedPath,
  extendedPath,
  extendedRule,
  type Extensible,
  readExtended,
  renderExtended,
} from "./extended_fields.ts";
import { type ItemRight, requireItemAccess } from "./item_access.ts";
import type { BodyTypeRequest, PropertyValue } from "./item_properties.ts";
import { applyView } from "./paging.ts";
import { compileRestriction, compileSortOrder, type PropertyReader } from "./restriction.ts";
import { ewsDate, parseBoolean } from "./response.ts";
import { folderIdAttrs, type FolderTarget, resolveFolder } from "./targets.ts";

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

// ---- the operations' shared steps -----------------------------------------------------------

/** A kind item by id: its mailbox must be open to the caller and its folder grant `right`. */
export function resolveKindItem<T extends { folderKey: string }>(
  element: XmlElement,
  context: OperationContext,
  items: (mailbox: Mailbox) => Map<string, T>,
  right: ItemRight,
): { mailbox: Mailbox; item: T } {
  const decoded = decodeId(element.attrs.Id ?? "", "item");
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorItemNotFound");
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  const item = items(mailbox).get(decoded.key);
  if (!item) throw new EwsError("ErrorItemNotFound");
  requireItemAccess(context, mailbox, item.folderKey, right);
  return { mailbox, item };
}

/** An out-of-date ChangeKey is a conflict unless the client asked to overwrite. */
export function requireCurrentChangeKey(
  idElement: XmlElement,
  request: XmlElement,
  current: string,
): void {
  const given = idElement.attrs.ChangeKey;
  if (
    given !== undefined && request.attrs.ConflictResolution !== "AlwaysOverwrite" &&
    given !== current
  ) {
    throw new EwsError(
      "ErrorIrresolvableConflict",
      "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
    );
  }
}

/** Where CreateItem files a kind item: SavedItemFolderId or the kind's default folder. */
export function kindTarget(
  savedFolder: XmlElement | undefined,
  context: OperationContext,
  defaultFolder: string,
  folderKind: FolderKind,
  refusal: string,
): FolderTarget {
  const target: FolderTarget = savedFolder
    ? resolveFolder(savedFolder, context)
    : { mailbox: context.actingAs, folder: context.actingAs.folder(defaultFolder)! };
  if (target.folder.kind !== folderKind) throw new EwsError("ErrorInvalidRequest", refusal);
  requireItemAccess(context, target.mailbox, target.folder.key, "create");
  return target;
}

/** `m:Items` naming one created or changed item by id. */
export function itemsReply(element: string, idAttrs: Record<string, string>): XmlNode {
  return x("m:Items", null, x(element, null, x("t:ItemId", idAttrs)));
}

/**
 * Applies a change whose path is an ExtendedFieldURI, through the kind's tags. Returns false for
 * any other path, which the kind applies itself.
 */
export function applyExtendedChange<T extends Extensible>(
  tags: ComputedTags<T>,
  object: T,
  change: XmlElement,
  element: string,
): boolean {
  const path = change.children[0];
  if (path?.name !== "ExtendedFieldURI") return false;
  const rule = extendedRule(tags, path);
  if (change.name === "AppendToItemField") {
    throw new EwsError("ErrorInvalidPropertyAppend", "An extended property cannot be appended to.");
  }
  if (change.name === "DeleteItemField") {
    rule.delete!(object);
    return true;
  }
  const value = change.children[1];
  if (!value || ![element, "Item"].includes(value.name)) {
    throw new EwsError(
      "ErrorInvalidPropertySet",
      `A ${value?.name ?? "missing"} element cannot set a property of a ${element}.`,
    );
  }
  rule.set!(object, value);
  return true;
}

/** How one kind answers UpdateItem (see `updateKindItem`). */
export interface KindUpdate<T> {
  element: string;
  resolve(id: XmlElement, context: OperationContext, right: ItemRight): {
    mailbox: Mailbox;
    item: T;
  };
  /** Applies one Set/Append/DeleteItemField change to the draft. */
  apply(draft: T, change: XmlElement): void;
  /** Checks and completes the draft once every change is applied. */
  finish?(draft: T, item: T, now: Date): void;
}

/** UpdateItem of one kind item: all changes on a copy, stored only when every one applied. */
export function updateKindItem<T extends KindItem>(
  change: XmlElement,
  request: XmlElement,
  context: OperationContext,
  kind: KindUpdate<T>,
): XmlNode[] {
  const idElement = change.children[0];
  const { mailbox, item } = kind.resolve(idElement, context, "edit");
  requireCurrentChangeKey(idElement, request, kindIdAttrs(mailbox, item).ChangeKey);
  const draft = structuredClone(item);
  for (const update of find(change, "t:Updates")?.children ?? []) kind.apply(draft, update);
  const now = context.organisation.now();
  kind.finish?.(draft, item, now);
  Object.assign(item, draft);
  item.version++;
  item.lastModified = now;
  return [
    itemsReply(`t:${kind.element}`, kindIdAttrs(mailbox, item)),
    x("m:ConflictResults", null, x("t:Count", null, "0")),
  ];
}

/** FindItem in a kind's folder: restriction, extra filter, sort order, then the view's page. */
export function findKindItems<T extends KindItem>(
  request: XmlElement,
  target: FolderTarget,
  view: XmlElement | undefined,
  kind: {
    element: string;
    table: readonly KindProperty<T>[];
    items: Iterable<T>;
    read: PropertyReader<T>;
    sort: { uri: string; descending: boolean };
    filter?: (o: T) => boolean;
    indexed?: Readonly<Record<string, string>>;
  },
): XmlNode[] {
  const shape = parseKindShape(kind.table, find(request, "m:ItemShape"), true, kind.indexed);
  const restriction = compileRestriction<T>(find(request, "m:Restriction"), kind.read);
  const items = [...kind.items].filter((o) =>
    o.folderKey === target.folder.key && restriction(o) && (kind.filter?.(o) ?? true)
  );
  items.sort(compileSortOrder<T>(find(request, "m:SortOrder"), kind.read, kind.sort));
  const page = applyView(items, view);
  return [
    x(
      "m:RootFolder",
      page.rootFolderAttrs,
      x(
        "t:Items",
        null,
        ...page.entries.map((o) => renderKind(`t:${kind.element}`, o, shape, target.mailbox)),
      ),
    ),
  ];
}

/** DeleteItem: MoveToDeletedItems files the item in Deleted Items; other disposals remove it. */
export function deleteKindItem<T extends KindItem>(
  item: T,
  mailbox: Mailbox,
  deleteType: string | undefined,
  store: { items: Map<string, T>; move(mailbox: Mailbox, item: T, folderKey: string): unknown },
): void {
  if (deleteType === "MoveToDeletedItems" && item.folderKey !== "deleteditems") {
    store.move(mailbox, item, "deleteditems");
  } else {
    store.items.delete(item.key);
  }
}
