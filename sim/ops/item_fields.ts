/**
 * What UpdateItem may change, per item kind: a table of FieldURI → setter / appender / deleter.
 * The operations (UpdateItem, MoveItem, ...) are kind-agnostic; a new kind (calendar items,
 * contacts, tasks) plugs in by adding an `ItemKind` to `ITEM_KINDS`. Indexed properties use the
 * key `uri[index]` and extended ones `extended:…` (see `fieldPath`), so either can be added as a
 * row without touching the operation.
 */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { Importance, MessageItem, Sensitivity } from "../store/types.ts";
import { readRecipients } from "./create_item.ts";
import { EwsError } from "./errors.ts";
import { extendedRule, MESSAGE_TAGS } from "./extended_fields.ts";
import { parseBoolean } from "./response.ts";
import { itemIdAttrs } from "./targets.ts";

/** How one field is changed. `value` is the item element of the change (`t:Message`, ...). */
export interface FieldRule<T> {
  set?(item: T, value: XmlElement): void;
  append?(item: T, value: XmlElement): void;
  delete?(item: T): void;
  /** Only drafts may change it (recipients of sent mail are history). */
  draftOnly?: boolean;
}

export interface ItemKind<T> {
  /** Element names a change may carry the value in (`Item` is always accepted). */
  elements: readonly string[];
  /** The element the kind is rendered as (`Message`, `CalendarItem`, ...). */
  element: string;
  fields: ReadonlyMap<string, FieldRule<T>>;
}

/** The FieldURI of a change's path element (`uri[index]` for indexed, `extended:…`). */
export function fieldPath(element: XmlElement | undefined): string {
  if (!element) throw new EwsError("ErrorInvalidRequest", "A change has no property path.");
  if (element.name === "FieldURI") return element.attrs.FieldURI ?? "";
  if (element.name === "IndexedFieldURI") {
    return `${element.attrs.FieldURI}[${element.attrs.FieldIndex}]`;
  }
  const a = element.attrs;
  // Tags may be written in hex or decimal; one spelling keeps the table simple.
  const tag = a.PropertyTag !== undefined && !Number.isNaN(Number(a.PropertyTag))
    ? `0x${Number(a.PropertyTag).toString(16).padStart(4, "0")}`
    : a.PropertyTag;
  return `extended:${a.DistinguishedPropertySetId ?? a.PropertySetId ?? ""}:${
    tag ?? a.PropertyName ?? a.PropertyId ?? ""
  }:${a.PropertyType ?? ""}`;
}

/** The text of a child element, which must be present for a Set. */
function required(value: XmlElement, name: string): string {
  const child = find(value, `t:${name}`);
  if (!child) {
    throw new EwsError("ErrorInvalidRequest", `The change carries no ${name} value.`);
  }
  return child.text;
}

function oneOf<V extends string>(text: string, allowed: readonly V[], name: string): V {
  const value = text.trim() as V;
  if (!allowed.includes(value)) {
    throw new EwsError("ErrorInvalidRequest", `${name} "${text}" is not valid.`);
  }
  return value;
}

function date(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text.trim());
  if (Number.isNaN(d.getTime())) throw new EwsError("ErrorInvalidRequest", "Invalid date.");
  return d;
}

const recipientsField = (
  key: "toRecipients" | "ccRecipients" | "bccRecipients" | "replyTo",
  element: string,
): FieldRule<MessageItem> => ({
  set: (item, value) => item[key] = readRecipients(value, `t:${element}`),
  append: (item, value) => item[key].push(...readRecipients(value, `t:${element}`)),
  delete: (item) => item[key] = [],
  draftOnly: true,
});

const flagField: FieldRule<MessageItem> = {
  set(item, value) {
    const flag = find(value, "t:Flag");
    if (!flag) throw new EwsError("ErrorInvalidRequest", "The change carries no Flag value.");
    const status = oneOf(
      find(flag, "t:FlagStatus")?.text ?? "",
      ["NotFlagged", "Flagged", "Complete"] as const,
      "FlagStatus",
    );
    const startDate = date(find(flag, "t:StartDate")?.text);
    const dueDate = date(find(flag, "t:DueDate")?.text);
    // Exchange wants both dates or neither, as Outlook does.
    if ((startDate === undefined) !== (dueDate === undefined)) {
      throw new EwsError("ErrorInvalidRequest", "Flag needs both StartDate and DueDate.");
    }
    item.flag = {
      status,
      startDate,
      dueDate,
      completeDate: date(find(flag, "t:CompleteDate")?.text),
    };
  },
  delete: (item) => item.flag = undefined,
};

/** PidTagFlagStatus, which clients without `item:Flag` (exchangelib) set as a MAPI property. */
const flagStatusProperty: FieldRule<MessageItem> = {
  set(item, value) {
    const status = Number(find(value, "t:ExtendedProperty/t:Value")?.text);
    if (![0, 1, 2].includes(status)) {
      throw new EwsError("ErrorInvalidRequest", "PidTagFlagStatus must be 0, 1 or 2.");
    }
    item.flag = status === 0
      ? undefined
      : { ...item.flag, status: status === 2 ? "Flagged" : "Complete" };
  },
  delete: (item) => item.flag = undefined,
};

export const MESSAGE_FIELDS: ReadonlyMap<string, FieldRule<MessageItem>> = new Map<
  string,
  FieldRule<MessageItem>
>([
  ["item:Subject", {
    set: (item, value) => {
      item.subject = required(value, "Subject");
      if (item.isDraft) item.conversationTopic = item.subject.replace(/^((re|fw|fwd):\s*)+/i, "");
    },
    delete: (item) => item.subject = "",
  }],
  ["item:Body", {
    set(item, value) {
      const body = find(value, "t:Body");
      if (!body) throw new EwsError("ErrorInvalidRequest", "The change carries no Body value.");
      item.body = { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text };
      item.uniqueBody = undefined;
    },
    delete: (item) => item.body = { type: "Text", content: "" },
  }],
  ["item:Importance", {
    set: (item, value) =>
      item.importance = oneOf<Importance>(
        required(value, "Importance"),
        ["Low", "Normal", "High"],
        "Importance",
      ),
  }],
  ["item:Sensitivity", {
    set: (item, value) =>
      item.sensitivity = oneOf<Sensitivity>(
        required(value, "Sensitivity"),
        ["Normal", "Personal", "Private", "Confidential"],
        "Sensitivity",
      ),
  }],
  ["item:Categories", {
    set: (item, value) =>
      item.categories = findAll(value, "t:Categories/t:String").map((s) => s.text),
    append: (item, value) => {
      for (const s of findAll(value, "t:Categories/t:String")) {
        if (!item.categories.includes(s.text)) item.categories.push(s.text);
      }
    },
    delete: (item) => item.categories = [],
  }],
  ["item:Flag", flagField],
  ["extended::0x1090:Integer", flagStatusProperty],
  ["item:InReplyTo", {
    set: (item, value) => item.inReplyTo = required(value, "InReplyTo"),
    delete: (item) => item.inReplyTo = undefined,
  }],
  ["message:IsRead", {
    set(item, value) {
      const read = parseBoolean(required(value, "IsRead"));
      if (read === undefined) throw new EwsError("ErrorInvalidRequest", "IsRead is not a boolean.");
      item.isRead = read;
    },
  }],
  ["message:IsReadReceiptRequested", {
    set: (item, value) =>
      item.isReadReceiptRequested = parseBoolean(required(value, "IsReadReceiptRequested")) ??
        false,
  }],
  ["message:IsDeliveryReceiptRequested", {
    set: (item, value) =>
      item.isDeliveryReceiptRequested =
        parseBoolean(required(value, "IsDeliveryReceiptRequested")) ?? false,
  }],
  ["message:ToRecipients", recipientsField("toRecipients", "ToRecipients")],
  ["message:CcRecipients", recipientsField("ccRecipients", "CcRecipients")],
  ["message:BccRecipients", recipientsField("bccRecipients", "BccRecipients")],
  ["message:ReplyTo", recipientsField("replyTo", "ReplyTo")],
  ["message:From", {
    set: (item, value) => item.from = readRecipients(value, "t:From")[0],
    delete: (item) => item.from = undefined,
    draftOnly: true,
  }],
]);

export const MESSAGE_KIND: ItemKind<MessageItem> = {
  elements: ["Message", "Item"],
  element: "Message",
  fields: MESSAGE_FIELDS,
};

/** `<t:Message><t:ItemId …/></t:Message>`: how changed, moved and copied items are echoed. */
export function itemIdOnly(mailbox: Mailbox, item: MessageItem): XmlNode {
  return x(`t:${kindOf(item).element}`, null, x("t:ItemId", itemIdAttrs(mailbox, item)));
}

/** The kind of a stored item. Messages only today; other kinds join here. */
export function kindOf(_item: MessageItem): ItemKind<MessageItem> {
  return MESSAGE_KIND;
}

/** Applies one `t:SetItemField` / `t:AppendToItemField` / `t:DeleteItemField` to an item. */
export function applyChange(item: MessageItem, change: XmlElement): void {
  const kind = kindOf(item);
  const path = fieldPath(change.children[0]);
  const pathElement = change.children[0];
  const rule = kind.fields.get(path) ??
    (pathElement.name === "ExtendedFieldURI" ? extendedRule(MESSAGE_TAGS, pathElement) : undefined);
  const value = change.children[1];
  if (change.name !== "DeleteItemField") {
    if (!value || !kind.elements.includes(value.name)) {
      throw new EwsError(
        "ErrorInvalidPropertySet",
        `A ${value?.name ?? "missing"} element cannot set a property of a ${kind.element}.`,
      );
    }
  }
  const apply = change.name === "SetItemField"
    ? rule?.set
    : change.name === "AppendToItemField"
    ? rule?.append
    : rule?.delete;
  if (!apply) {
    const code = change.name === "AppendToItemField" && rule
      ? "ErrorInvalidPropertyAppend"
      : change.name === "DeleteItemField" && rule
      ? "ErrorInvalidPropertyDelete"
      : "ErrorInvalidPropertySet";
    throw new EwsError(
      code,
      `The property ${path} cannot be changed this way on a ${kind.element}.`,
    );
  }
  if (rule?.draftOnly && !item.isDraft) {
    throw new EwsError(
      "ErrorInvalidPropertyUpdateSentMessage",
      `${path} of a sent message cannot be changed.`,
    );
  }
  apply(item, value!);
}
