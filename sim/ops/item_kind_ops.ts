/**
 * The item operations (GetItem, FindItem, CreateItem, UpdateItem, DeleteItem) for a kind kept in
 * a store of its own (contacts, tasks), built from its description: `kindOperations(spec)`. The
 * steps every such kind takes the same way (resolving an id in the kind's store with the folder
 * right it needs, checking the change key, where CreateItem files it, applying a change set whole
 * or not at all, extended properties) live here once; calendar items use the steps they share.
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { decodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { FolderKind } from "../store/types.ts";
import type { OperationContext } from "./context.ts";
import { EwsError } from "./errors.ts";
import {
  type ComputedTags,
  extendedRule,
  extendedValuesToSet,
  type Extensible,
  setExtended,
} from "./extended_fields.ts";
import { type ItemRight, requireItemAccess } from "./item_access.ts";
import {
  kindIdAttrs,
  type KindItem,
  type KindProperty,
  parseKindShape,
  renderKind,
} from "./item_kind.ts";
import { applyView, itemsPage } from "./paging.ts";
import { compileRestriction, compileSortOrder, type PropertyReader } from "./restriction.ts";
import { type FolderTarget, resolveFolder } from "./targets.ts";

/** The mailbox and store key an item id names; the mailbox must be open to the caller. */
export function openItemId(
  raw: string,
  context: OperationContext,
): { mailbox: Mailbox; key: string } {
  if (raw.trim() === "") throw new EwsError("ErrorInvalidIdEmpty");
  const decoded = decodeId(raw, "item");
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorItemNotFound");
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  return { mailbox, key: decoded.key };
}

/** A kind item by id: its mailbox must be open to the caller and its folder grant `right`. */
export function resolveKindItem<T extends { folderKey: string }>(
  element: XmlElement,
  context: OperationContext,
  items: (mailbox: Mailbox) => Map<string, T>,
  right: ItemRight,
): { mailbox: Mailbox; item: T } {
  const { mailbox, key } = openItemId(element.attrs.Id ?? "", context);
  const item = items(mailbox).get(key);
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
  /**
   * Checks and completes the draft once every change is applied; may name another item the reply
   * is to carry (a recurring task's completed occurrence).
   */
  finish?(draft: T, item: T, at: KindUpdateContext): T | undefined | void;
}

/** Where an update happens, for `finish`. */
export interface KindUpdateContext {
  now: Date;
  mailbox: Mailbox;
  context: OperationContext;
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
  const named = kind.finish?.(draft, item, { now, mailbox, context });
  Object.assign(item, draft);
  item.version++;
  item.lastModified = now;
  return [
    itemsReply(`t:${kind.element}`, kindIdAttrs(mailbox, named ?? item)),
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
  return [
    itemsPage(
      applyView(items, view),
      (o) => renderKind(`t:${kind.element}`, o, shape, target.mailbox),
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

/** What a kind kept in a store of its own is, for `kindOperations`. */
export interface KindSpec<T extends KindItem, N> {
  /** The element it is rendered as: `Contact`, `Task`. */
  element: string;
  /** The prefix of its store keys (`con`), by which item ids route to it. */
  keyPrefix: string;
  table: readonly KindProperty<T>[];
  tags: ComputedTags<T>;
  read: PropertyReader<T>;
  /** Indexed FieldURIs and the rows holding their dictionaries. */
  indexed?: Readonly<Record<string, string>>;
  store: {
    items(mailbox: Mailbox): Map<string, T>;
    add(mailbox: Mailbox, folderKey: string, input: N, now: Date): T;
    move(mailbox: Mailbox, item: T, folderKey: string): unknown;
  };
  create: {
    defaultFolder: string;
    folderKind: FolderKind;
    refusal: string;
    read(element: XmlElement, context: OperationContext): N;
    /** Checks (and completes) a new item; a throw removes it again. */
    check?(item: T, now: Date): void;
  };
  /** Applies one change whose path is not an ExtendedFieldURI. */
  apply(draft: T, change: XmlElement): void;
  finish?: KindUpdate<T>["finish"];
  find: {
    sort: { uri: string; descending: boolean };
    /** A filter the request asks beside its restriction (a QueryString). */
    filter?(request: XmlElement): ((o: T) => boolean) | undefined;
  };
}

/** The item operations of one kind. */
export interface KindOperations<T> {
  isId(element: XmlElement): boolean;
  resolve(
    element: XmlElement,
    context: OperationContext,
    right?: ItemRight,
  ): { mailbox: Mailbox; item: T };
  get(id: XmlElement, shape: XmlElement | undefined, context: OperationContext): XmlNode[];
  find(request: XmlElement, target: FolderTarget, view: XmlElement | undefined): XmlNode[];
  create(
    element: XmlElement,
    savedFolder: XmlElement | undefined,
    context: OperationContext,
  ): XmlNode[];
  update(change: XmlElement, request: XmlElement, context: OperationContext): XmlNode[];
  delete(id: XmlElement, deleteType: string | undefined, context: OperationContext): void;
}

export function kindOperations<T extends KindItem, N>(spec: KindSpec<T, N>): KindOperations<T> {
  const element = `t:${spec.element}`;
  const resolve = (id: XmlElement, context: OperationContext, right: ItemRight = "read") =>
    resolveKindItem(id, context, spec.store.items, right);
  return {
    isId: (id) =>
      id.name === "ItemId" &&
      (decodeId(id.attrs.Id ?? "", "item")?.key.startsWith(spec.keyPrefix) ?? false),
    resolve,
    get(id, shape, context) {
      const { mailbox, item } = resolve(id, context);
      const parsed = parseKindShape(spec.table, shape, false, spec.indexed);
      return [x("m:Items", null, renderKind(element, item, parsed, mailbox))];
    },
    find: (request, target, view) =>
      findKindItems(request, target, view, {
        element: spec.element,
        table: spec.table,
        items: spec.store.items(target.mailbox).values(),
        read: spec.read,
        sort: spec.find.sort,
        indexed: spec.indexed,
        filter: spec.find.filter?.(request),
      }),
    create(itemElement, savedFolder, context) {
      const c = spec.create;
      const target = kindTarget(savedFolder, context, c.defaultFolder, c.folderKind, c.refusal);
      const extended = extendedValuesToSet(spec.tags, itemElement);
      const now = context.organisation.now();
      const item = spec.store.add(
        target.mailbox,
        target.folder.key,
        c.read(itemElement, context),
        now,
      );
      try {
        c.check?.(item, now);
      } catch (error) {
        spec.store.items(target.mailbox).delete(item.key);
        throw error;
      }
      for (const value of extended) setExtended(spec.tags, item, value, true);
      return [itemsReply(element, kindIdAttrs(target.mailbox, item))];
    },
    update: (change, request, context) =>
      updateKindItem(change, request, context, {
        element: spec.element,
        resolve,
        apply: (draft, update) => {
          if (!applyExtendedChange(spec.tags, draft, update, spec.element)) {
            spec.apply(draft, update);
          }
        },
        finish: spec.finish,
      }),
    delete(id, deleteType, context) {
      const { mailbox, item } = resolve(id, context, "delete");
      deleteKindItem(item, mailbox, deleteType, {
        items: spec.store.items(mailbox),
        move: spec.store.move,
      });
    },
  };
}
