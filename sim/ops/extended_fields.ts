/**
 * Extended (MAPI) properties of items and folders, as shapes, restrictions, CreateItem and
 * UpdateItem see them. The common tags are computed from the same data as their FieldURI twins
 * (0x0037 is item:Subject, 0x3613 is folder:FolderClass, ...), so a client that speaks only
 * MAPI sees what a FieldURI client sees. Any other property is custom: stored as the client set
 * it and returned as it was set; a property nobody set is absent, never invented.
 */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import {
  comparableValue,
  compatibleTypes,
  echoAttrs,
  type ExtendedFieldAttrs,
  type ExtendedPath,
  ExtendedPathError,
  isArrayType,
  normaliseValue,
  parseExtendedPath,
  PROPERTY_SETS,
  type StoredExtendedProperty,
} from "../store/extended_properties.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { messageSize } from "../store/mailbox.ts";
import type { Folder, Importance, MessageBody, MessageItem, Sensitivity } from "../store/types.ts";
import { bodyText } from "./body.ts";
import { EwsError } from "./errors.ts";
import type { FieldRule } from "./item_fields.ts";
import type { PropertyValue } from "./item_properties.ts";
import { ewsDate } from "./response.ts";

export type { ExtendedPath } from "../store/extended_properties.ts";

/** Parses a `t:ExtendedFieldURI`; a malformed one is ErrorInvalidExtendedProperty. */
export function extendedPath(element: XmlElement): ExtendedPath {
  try {
    return parseExtendedPath(element.attrs as ExtendedFieldAttrs);
  } catch (error) {
    if (error instanceof ExtendedPathError) {
      throw new EwsError("ErrorInvalidExtendedProperty", error.message);
    }
    throw error;
  }
}

/** The path key restrictions and sort orders use for an extended property. */
export function extendedUri(element: XmlElement): string {
  return `extended:${extendedPath(element).key}`;
}

/** A property the store computes: its MAPI type, value, and how a client may change it. */
interface Computed<T> {
  type: string;
  value(object: T, mailbox: Mailbox): string | string[] | undefined;
  /** Absent: the property is computed and cannot be set (ErrorInvalidPropertySet). */
  set?(object: T, values: string[], creating: boolean): void;
  delete?(object: T): void;
}

const tag = (n: number) => `tag:0x${n.toString(16)}`;
const time = (d: Date | undefined) => d && ewsDate(d);
/** PidNameKeywords: the categories, as Outlook stores them. */
const KEYWORDS = `${PROPERTY_SETS.PublicStrings}:name:Keywords`;
const IMPORTANCE: Importance[] = ["Low", "Normal", "High"];
const SENSITIVITY: Sensitivity[] = ["Normal", "Personal", "Private", "Confidential"];

/** PidTagMessageFlags bits (MS-OXCMSG 2.2.1.6). */
const MSGFLAG = { read: 0x1, unmodified: 0x2, unsent: 0x8, hasAttach: 0x10, fromMe: 0x20 };

function messageFlags(item: MessageItem): number {
  let flags = 0;
  if (item.isRead) flags |= MSGFLAG.read;
  if (item.version === 1) flags |= MSGFLAG.unmodified;
  if (item.isDraft) flags |= MSGFLAG.unsent;
  if (item.attachments.some((a) => !a.isInline)) flags |= MSGFLAG.hasAttach;
  if (item.isFromMe) flags |= MSGFLAG.fromMe;
  return flags;
}

/** The article number: a per-mailbox counter, new for moved and copied items as in Exchange. */
function articleNumber(item: MessageItem): string | undefined {
  const n = Number(item.key.replace(/^\D+/, ""));
  return Number.isSafeInteger(n) ? String(n) : undefined;
}

/** The tags of messages. */
export const MESSAGE_TAGS: ComputedTags<MessageItem> = new Map<string, Computed<MessageItem>>([
  [tag(0x0037), {
    type: "String",
    value: (i) => i.subject,
    set(i, [v]) {
      i.subject = v;
      if (i.isDraft) i.conversationTopic = v.replace(/^((re|fw|fwd):\s*)+/i, "");
    },
  }],
  [tag(0x0e1d), { type: "String", value: (i) => i.conversationTopic }],
  [tag(0x0070), { type: "String", value: (i) => i.conversationTopic }],
  [tag(0x001a), { type: "String", value: (i) => i.itemClass }],
  [tag(0x0e23), { type: "Integer", value: articleNumber }],
  [tag(0x0e08), { type: "Integer", value: (i) => String(messageSize(i)) }],
  [tag(0x0e06), {
    type: "SystemTime",
    value: (i) => time(i.dateTimeReceived),
    set(i, [v]) {
      i.dateTimeReceived = new Date(v);
    },
  }],
  [tag(0x0039), { type: "SystemTime", value: (i) => time(i.dateTimeSent) }],
  [tag(0x3007), { type: "SystemTime", value: (i) => time(i.dateTimeCreated) }],
  [tag(0x3008), { type: "SystemTime", value: (i) => time(i.lastModifiedTime) }],
  [tag(0x0e07), {
    type: "Integer",
    value: (i) => String(messageFlags(i)),
    // The read bit can always change; the unsent bit only when the item is created (an imported
    // message is not a draft when the client says so), as MAPI allows.
    set(i, [v], creating) {
      const flags = Number(v);
      i.isRead = (flags & MSGFLAG.read) !== 0;
      if (creating) i.isDraft = (flags & MSGFLAG.unsent) !== 0;
    },
  }],
  [tag(0x0e1b), { type: "Boolean", value: (i) => String(i.attachments.some((a) => !a.isInline)) }],
  [
    tag(0x0017),
    rankedTag(IMPORTANCE, {
      get: (i) => i.importance,
      set: (i, v) => i.importance = v,
    }),
  ],
  [
    tag(0x0036),
    rankedTag(SENSITIVITY, {
      get: (i) => i.sensitivity,
      set: (i, v) => i.sensitivity = v,
    }),
  ],
  // PidTagFlagStatus: 2 flagged, 1 complete, absent when the item was never flagged.
  [tag(0x1090), {
    type: "Integer",
    value: (i) =>
      i.flag?.status === "Flagged" ? "2" : i.flag?.status === "Complete" ? "1" : undefined,
    set(i, [v]) {
      const status = Number(v);
      if (![0, 1, 2].includes(status)) {
        throw new EwsError("ErrorInvalidExtendedPropertyValue", "PidTagFlagStatus is 0, 1 or 2.");
      }
      i.flag = status === 0
        ? undefined
        : { ...i.flag, status: status === 2 ? "Flagged" : "Complete" };
    },
    delete: (i) => i.flag = undefined,
  }],
  [tag(0x1081), {
    type: "Integer",
    value: (i) => i.lastVerb && String(i.lastVerb.verb),
    set(i, [v]) {
      i.lastVerb = { verb: Number(v), time: i.lastVerb?.time ?? i.lastModifiedTime };
    },
    delete: (i) => i.lastVerb = undefined,
  }],
  [tag(0x1082), {
    type: "SystemTime",
    value: (i) => time(i.lastVerb?.time),
    set(i, [v]) {
      if (i.lastVerb) i.lastVerb.time = new Date(v);
    },
  }],
  [tag(0x1035), { type: "String", value: (i) => i.internetMessageId }],
  [tag(0x1042), { type: "String", value: (i) => i.inReplyTo }],
  [tag(0x1039), { type: "String", value: (i) => i.references }],
  [tag(0x0c1a), { type: "String", value: (i) => i.sender?.name ?? i.sender?.emailAddress }],
  [tag(0x5d01), { type: "String", value: (i) => i.sender?.emailAddress }],
  [tag(0x0042), { type: "String", value: (i) => i.from?.name ?? i.from?.emailAddress }],
  [tag(0x5d02), { type: "String", value: (i) => i.from?.emailAddress }],
  [tag(0x0e04), { type: "String", value: (i) => names(i.toRecipients) }],
  [tag(0x0e03), { type: "String", value: (i) => names(i.ccRecipients) }],
  [tag(0x1000), { type: "String", value: (i) => bodyText(i.body) }],
  // PidNameKeywords: the categories, as Outlook stores them.
  [KEYWORDS, {
    type: "StringArray",
    value: (i) => i.categories.length ? i.categories : undefined,
    set(i, values) {
      i.categories = values;
    },
    delete: (i) => i.categories = [],
  }],
]);

/** A field of an object as a tag reads and changes it. */
interface Field<T, V> {
  get(o: T): V;
  set(o: T, value: V): void;
}

/** A tag whose value is the field's position in a MAPI enumeration (importance, sensitivity). */
function rankedTag<T, V extends string>(order: readonly V[], field: Field<T, V>): Computed<T> {
  return {
    type: "Integer",
    value: (o) => String(order.indexOf(field.get(o))),
    set: (o, [v]) => field.set(o, order[Number(v)] ?? field.get(o)),
  };
}

/** What the common tags read, and change, on an item kind other than messages. */
export interface KindFacts<T> {
  itemClass: string;
  subject: Field<T, string>;
  /** The size item:Size reports, so 0x0E08 agrees with it. */
  size(o: T): number;
  created(o: T): Date;
  modified(o: T): Date;
  body(o: T): MessageBody;
  categories: Field<T, string[]>;
  importance?: Field<T, Importance>;
  sensitivity?: Field<T, Sensitivity>;
}

/**
 * The tags calendar items, contacts and tasks share with messages, computed from the kind's own
 * fields: subject, class, size, creation and modification times, flags (such items are read),
 * body text, categories, and importance and sensitivity where the kind has them.
 */
export function kindTags<T>(facts: KindFacts<T>): ComputedTags<T> {
  const tags = new Map<string, Computed<T>>([
    [tag(0x0037), {
      type: "String",
      value: (o) => facts.subject.get(o),
      set: (o, [v]) => facts.subject.set(o, v),
    }],
    [tag(0x001a), { type: "String", value: () => facts.itemClass }],
    [tag(0x0e08), { type: "Integer", value: (o) => String(facts.size(o)) }],
    [tag(0x3007), { type: "SystemTime", value: (o) => time(facts.created(o)) }],
    [tag(0x3008), { type: "SystemTime", value: (o) => time(facts.modified(o)) }],
    [tag(0x0e07), { type: "Integer", value: () => String(MSGFLAG.read) }],
    [tag(0x1000), { type: "String", value: (o) => bodyText(facts.body(o)) }],
    [KEYWORDS, {
      type: "StringArray",
      value: (o) => facts.categories.get(o).length ? facts.categories.get(o) : undefined,
      set: (o, values) => facts.categories.set(o, values),
      delete: (o) => facts.categories.set(o, []),
    }],
  ]);
  if (facts.importance) tags.set(tag(0x0017), rankedTag(IMPORTANCE, facts.importance));
  if (facts.sensitivity) tags.set(tag(0x0036), rankedTag(SENSITIVITY, facts.sensitivity));
  return tags;
}

function names(list: { name?: string; emailAddress: string }[]): string {
  return list.map((a) => a.name ?? a.emailAddress).join("; ");
}

const folderTotal = (f: Folder, m: Mailbox) => m.itemsIn(f.key).length;

const FOLDER_COMPUTED: ComputedTags<Folder> = new Map<string, Computed<Folder>>([
  [tag(0x3001), { type: "String", value: (f) => f.displayName }],
  [tag(0x3613), { type: "String", value: (f) => f.folderClass }],
  [tag(0x360a), { type: "Boolean", value: (f, m) => String(m.childFolders(f.key).length > 0) }],
  [tag(0x6638), { type: "Integer", value: (f, m) => String(m.childFolders(f.key).length) }],
  [tag(0x3602), { type: "Integer", value: (f, m) => String(folderTotal(f, m)) }],
  [tag(0x3603), {
    type: "Integer",
    value: (f, m) => String(m.itemsIn(f.key).filter((i) => !i.isRead).length),
  }],
  [tag(0x3617), { type: "Integer", value: () => "0" }],
  [tag(0x0e08), {
    type: "Long",
    value: (f, m) => String(m.itemsIn(f.key).reduce((n, i) => n + messageSize(i), 0)),
  }],
  [tag(0x670a), { type: "SystemTime", value: (f, m) => ewsDate(changeMarker(f, m)) }],
]);

/**
 * PidTagLocalCommitTimeMax, the folder's change marker: it moves on whenever the folder's
 * contents differ from the last time anyone looked (items added, changed, read or removed).
 * Kept beside the store, keyed by folder, so the store itself need not track it.
 */
const markers = new WeakMap<Folder, { signature: string; time: Date }>();

function changeMarker(folder: Folder, mailbox: Mailbox): Date {
  const items = mailbox.itemsIn(folder.key);
  const signature = items.map((i) => `${i.key}.${i.version}.${i.isRead ? 1 : 0}`).sort().join();
  const previous = markers.get(folder);
  if (previous?.signature === signature) return previous.time;
  const latest = Math.max(
    0,
    ...(items.length ? items : [...mailbox.items.values()]).map((i) =>
      i.lastModifiedTime.getTime()
    ),
  );
  const time = new Date(
    previous ? Math.max(latest, previous.time.getTime() + 1000) : latest,
  );
  markers.set(folder, { signature, time });
  return time;
}

/** Objects that keep the custom extended properties clients set on them. */
export interface Extensible {
  extendedProperties?: Record<string, StoredExtendedProperty>;
}

/** The computed tags of one kind of object, by property key. */
export type ComputedTags<T> = ReadonlyMap<string, Computed<T>>;

/** The value of a property of an object in the type asked for; undefined when it has none. */
function lookup<T extends Extensible>(
  computed: ComputedTags<T>,
  object: T,
  mailbox: Mailbox,
  path: { key: string; type?: string },
): StoredExtendedProperty | undefined {
  const rule = computed.get(path.key);
  let stored: StoredExtendedProperty | undefined;
  if (rule) {
    const value = rule.value(object, mailbox);
    if (value === undefined) return undefined;
    stored = { type: rule.type, values: Array.isArray(value) ? value : [value] };
  } else {
    stored = object.extendedProperties?.[path.key];
  }
  if (!stored || stored.values.length === 0) return undefined;
  if (path.type !== undefined && !compatibleTypes(stored.type, path.type)) return undefined;
  return stored;
}

function render(path: ExtendedPath, stored: StoredExtendedProperty): XmlNode {
  const values = stored.values;
  return x(
    "t:ExtendedProperty",
    null,
    x("t:ExtendedFieldURI", echoAttrs(path)),
    isArrayType(path.type)
      ? x("t:Values", null, ...values.map((v) => x("t:Value", null, v)))
      : x("t:Value", null, values[0]),
  );
}

/** The `t:ExtendedProperty` elements a shape asked for, in the order asked. */
export function renderExtended<T extends Extensible>(
  computed: ComputedTags<T>,
  object: T,
  mailbox: Mailbox,
  paths: readonly ExtendedPath[],
): XmlNode[] {
  return paths.flatMap((p) => {
    const stored = lookup(computed, object, mailbox, p);
    return stored ? [render(p, stored)] : [];
  });
}

/**
 * Restriction/sort value of an extended property (`uri` from `extendedUri`). Item values never
 * depend on the mailbox (restrictions over items are evaluated without one); folders' do.
 */
export function readExtended<T extends Extensible>(
  computed: ComputedTags<T>,
  object: T,
  uri: string,
  mailbox?: Mailbox,
): PropertyValue {
  const key = uri.slice("extended:".length);
  const stored = lookup(computed, object, mailbox as Mailbox, { key });
  return stored && comparableValue(stored);
}

/** The `t:ExtendedProperty` elements an item shape asked for (messages). */
export function renderItemExtended(
  item: MessageItem,
  mailbox: Mailbox,
  paths: readonly ExtendedPath[],
): XmlNode[] {
  return renderExtended(MESSAGE_TAGS, item, mailbox, paths);
}

/** The `t:ExtendedProperty` elements a folder shape asked for. */
export function renderFolderExtended(
  folder: Folder,
  mailbox: Mailbox,
  paths: readonly ExtendedPath[],
): XmlNode[] {
  return renderExtended(FOLDER_COMPUTED, folder, mailbox, paths);
}

/** Restriction/sort value of a message's extended property. */
export const readItemExtended = (item: MessageItem, uri: string): PropertyValue =>
  readExtended(MESSAGE_TAGS, item, uri);

/** Restriction value of a folder's extended property. */
export const readFolderExtended = (folder: Folder, mailbox: Mailbox, uri: string): PropertyValue =>
  readExtended(FOLDER_COMPUTED, folder, uri, mailbox);

/** A `t:ExtendedProperty` of a request: its path and its values, checked against the type. */
export interface ExtendedValue {
  path: ExtendedPath;
  values: string[];
}

export function readExtendedValue(element: XmlElement): ExtendedValue {
  const uri = find(element, "t:ExtendedFieldURI");
  if (!uri) throw new EwsError("ErrorInvalidExtendedProperty", "ExtendedFieldURI is missing.");
  const path = extendedPath(uri);
  const single = find(element, "t:Value");
  const many = find(element, "t:Values");
  if (isArrayType(path.type) !== (many !== undefined)) {
    throw new EwsError(
      "ErrorInvalidExtendedPropertyValue",
      `A ${path.type} property takes ${isArrayType(path.type) ? "Values" : "a Value"}.`,
    );
  }
  const texts = many ? findAll(many, "t:Value").map((v) => v.text) : [single?.text ?? ""];
  try {
    return { path, values: texts.map((t) => normaliseValue(path.type, t)) };
  } catch (error) {
    throw new EwsError("ErrorInvalidExtendedPropertyValue", (error as Error).message);
  }
}

/** Every `t:ExtendedProperty` directly inside an item or folder element of a request. */
export function readExtendedValues(element: XmlElement): ExtendedValue[] {
  return element.children.filter((c) => c.name === "ExtendedProperty").map(readExtendedValue);
}

function computedFor<T>(computed: ComputedTags<T>, path: ExtendedPath): Computed<T> | undefined {
  const rule = computed.get(path.key);
  if (rule && !compatibleTypes(rule.type, path.type)) {
    throw new EwsError(
      "ErrorInvalidExtendedPropertyValue",
      `The property is of type ${rule.type}, not ${path.type}.`,
    );
  }
  return rule;
}

/** The extended properties of an item element of CreateItem, checked before anything is stored. */
export function extendedValuesToSet<T>(
  computed: ComputedTags<T>,
  element: XmlElement,
): ExtendedValue[] {
  const values = readExtendedValues(element);
  for (const { path } of values) {
    const rule = computedFor(computed, path);
    if (rule && !rule.set) {
      throw new EwsError("ErrorInvalidPropertySet", "The property is computed by the store.");
    }
  }
  return values;
}

/** Sets one extended property: a computed one changes its twin, others are stored. */
export function setExtended<T extends Extensible>(
  computed: ComputedTags<T>,
  object: T,
  value: ExtendedValue,
  creating: boolean,
): void {
  const rule = computedFor(computed, value.path);
  if (rule) {
    if (!rule.set) {
      throw new EwsError("ErrorInvalidPropertySet", "The property is computed by the store.");
    }
    rule.set(object, value.values, creating);
    return;
  }
  object.extendedProperties = {
    ...object.extendedProperties,
    [value.path.key]: { type: value.path.type, values: value.values },
  };
}

function deleteExtended<T extends Extensible>(
  computed: ComputedTags<T>,
  object: T,
  path: ExtendedPath,
): void {
  const rule = computedFor(computed, path);
  if (rule) {
    if (!rule.delete) {
      throw new EwsError("ErrorInvalidPropertyDelete", "The property cannot be deleted.");
    }
    rule.delete(object);
    return;
  }
  if (object.extendedProperties) delete object.extendedProperties[path.key];
}

/** UpdateItem's rule for an ExtendedFieldURI path (see item_fields.ts `applyChange`). */
export function extendedRule<T extends Extensible>(
  computed: ComputedTags<T>,
  pathElement: XmlElement,
): FieldRule<T> {
  const path = extendedPath(pathElement);
  return {
    set(object, value) {
      const property = find(value, "t:ExtendedProperty");
      if (!property) {
        throw new EwsError("ErrorInvalidRequest", "The change carries no ExtendedProperty value.");
      }
      const given = readExtendedValue(property);
      if (given.path.key !== path.key) {
        throw new EwsError(
          "ErrorInvalidPropertySet",
          "The ExtendedProperty does not match the ExtendedFieldURI of the change.",
        );
      }
      setExtended(computed, object, { path, values: given.values }, false);
    },
    delete: (object) => deleteExtended(computed, object, path),
  };
}

/**
 * The extended properties of a folder element (CreateFolder) or of one folder change
 * (UpdateFolder's Set/DeleteFolderField with an ExtendedFieldURI), checked, as a function that
 * applies them: computed folder properties (counts, class) cannot be set this way.
 */
export function folderExtendedChange(
  element: XmlElement,
  change?: { name: string; path: XmlElement },
): (folder: Folder) => void {
  const check = (path: ExtendedPath) => {
    if (FOLDER_COMPUTED.has(path.key)) {
      throw new EwsError("ErrorInvalidPropertySet", "The property is computed by the store.");
    }
  };
  if (change?.name === "DeleteFolderField") {
    const path = extendedPath(change.path);
    check(path);
    return (folder) => {
      if (folder.extendedProperties) delete folder.extendedProperties[path.key];
    };
  }
  const values = readExtendedValues(element);
  if (change) {
    const key = extendedPath(change.path).key;
    if (values.length !== 1 || values[0].path.key !== key) {
      throw new EwsError(
        "ErrorInvalidPropertySet",
        "The ExtendedProperty does not match the ExtendedFieldURI of the change.",
      );
    }
  }
  values.forEach((v) => check(v.path));
  return (folder) => {
    for (const v of values) {
      folder.extendedProperties = {
        ...folder.extendedProperties,
        [v.path.key]: { type: v.path.type, values: v.values },
      };
    }
  };
}

/** Records that a message was answered (PidTagLastVerbExecuted): 102, 103 or 104. */
export function recordVerb(item: MessageItem, verb: number, at: Date): void {
  item.lastVerb = { verb, time: at };
}
