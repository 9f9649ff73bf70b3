/** `m:ItemShape`: which properties of an item a reply carries, and in which body type. */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import type { MessageItem } from "../store/types.ts";
import { EwsError } from "./errors.ts";
import { type ExtendedPath, extendedPath } from "./extended_fields.ts";
import {
  type BodyTypeRequest,
  ITEM_PROPERTIES,
  ITEM_PROPERTY_BY_URI,
  ITEM_URI_PREFIXES,
  type ItemProperty,
  type ItemRenderEnv,
} from "./item_properties.ts";
import { parseBoolean } from "./response.ts";

export interface ItemShape {
  bodyType: BodyTypeRequest;
  uniqueBodyType?: BodyTypeRequest;
  /** Requested properties in schema order. */
  properties: ItemProperty[];
  /** Requested extended properties, in the order asked. */
  extended?: ExtendedPath[];
}

/** The FieldURI element as Exchange echoes it in MessageXml of ErrorInvalidPropertyRequest. */
export function invalidProperty(uri: string): EwsError {
  return new EwsError("ErrorInvalidPropertyRequest", undefined, [
    x("t:FieldURI", { FieldURI: uri }),
  ]);
}

/** What an item shape asks, read the same way for every kind of item. */
export interface ShapeRequest {
  bodyType: BodyTypeRequest;
  /** The rows the base shape (and IncludeMimeContent) asks for, and item:ExtendedProperty. */
  wanted: Set<string>;
  /** Extended properties asked for, in the order asked. */
  extended: ExtendedPath[];
  /** The other AdditionalProperties entries (FieldURI, IndexedFieldURI), for the kind to read. */
  named: XmlElement[];
}

/**
 * Reads an item shape over a kind's rows. `forFind` applies FindItem's limits: GetItem-only rows
 * (bodies, recipient lists, attachments, MimeContent) are left out of the base shape.
 */
export function readShape(
  element: XmlElement | undefined,
  rows: readonly {
    uri: string;
    inDefault: boolean;
    getItemOnly?: boolean;
    explicitOnly?: boolean;
  }[],
  forFind: boolean,
): ShapeRequest {
  const base = find(element, "t:BaseShape")?.text.trim() ?? "IdOnly";
  if (base !== "IdOnly" && base !== "Default" && base !== "AllProperties") {
    throw new EwsError("ErrorInvalidRequest", `Invalid BaseShape ${base}.`);
  }
  const bodyType = (find(element, "t:BodyType")?.text.trim() ?? "Best") as BodyTypeRequest;
  if (bodyType !== "Best" && bodyType !== "HTML" && bodyType !== "Text") {
    throw new EwsError("ErrorInvalidRequest", `Invalid BodyType ${bodyType}.`);
  }
  const wanted = new Set<string>(["item:ItemId"]);
  for (const p of rows) {
    if (base === "IdOnly" || p.explicitOnly || (forFind && p.getItemOnly)) continue;
    if (base === "AllProperties" || p.inDefault) wanted.add(p.uri);
  }
  if (parseBoolean(find(element, "t:IncludeMimeContent")?.text) && !forFind) {
    wanted.add("item:MimeContent");
  }
  const extended: ExtendedPath[] = [];
  const named: XmlElement[] = [];
  for (const child of find(element, "t:AdditionalProperties")?.children ?? []) {
    if (child.name === "ExtendedFieldURI") {
      extended.push(extendedPath(child));
      wanted.add("item:ExtendedProperty");
    } else {
      named.push(child);
    }
  }
  return { bodyType, wanted, extended, named };
}

/** Parses a message shape (FindItem refuses GetItem-only properties by name). */
export function parseItemShape(element: XmlElement | undefined, forFind: boolean): ItemShape {
  const { bodyType, wanted, extended, named } = readShape(element, ITEM_PROPERTIES, forFind);
  const uniqueBodyType = find(element, "t:UniqueBodyType")?.text.trim() as
    | BodyTypeRequest
    | undefined;
  for (const child of named) {
    if (child.name !== "FieldURI") continue; // no indexed property applies to messages
    const uri = child.attrs.FieldURI ?? "";
    const property = ITEM_PROPERTY_BY_URI.get(uri);
    if (property) {
      if (forFind && property.getItemOnly) throw invalidProperty(uri);
      wanted.add(uri);
    } else if (!ITEM_URI_PREFIXES.has(uri.split(":")[0])) {
      throw invalidProperty(uri);
    }
  }
  return {
    bodyType,
    uniqueBodyType,
    properties: ITEM_PROPERTIES.filter((p) => wanted.has(p.uri)),
    extended,
  };
}

/** Renders an item as `t:Message` with the shape's properties. */
export function renderItem(
  item: MessageItem,
  shape: ItemShape,
  env: Omit<ItemRenderEnv, "bodyType">,
): XmlNode {
  const full: ItemRenderEnv = {
    ...env,
    bodyType: shape.bodyType,
    uniqueBodyType: shape.uniqueBodyType,
    extended: shape.extended,
  };
  return x(elementOf(item), null, ...shape.properties.map((p) => p.render(item, full)));
}

/** Every `t:FieldURI` value below an element (for requests that name properties). */
export function fieldUris(element: XmlElement | undefined): string[] {
  return findAll(element, "t:FieldURI").map((f) => f.attrs.FieldURI ?? "");
}

/** Meeting messages are MessageType subtypes with an element of their own. */
function elementOf(item: MessageItem): string {
  switch (item.meeting?.kind) {
    case "request":
      return "t:MeetingRequest";
    case "response":
      return "t:MeetingResponse";
    case "cancellation":
      return "t:MeetingCancellation";
    default:
      return "t:Message";
  }
}
