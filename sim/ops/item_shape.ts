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
  baseShape: "IdOnly" | "Default" | "AllProperties";
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

/**
 * Parses an item shape. `forFind` applies FindItem's limits: bodies, recipient lists and
 * attachments are GetItem-only and asking FindItem for them is an error.
 */
export function parseItemShape(element: XmlElement | undefined, forFind: boolean): ItemShape {
  const base = find(element, "t:BaseShape")?.text.trim() ?? "IdOnly";
  if (base !== "IdOnly" && base !== "Default" && base !== "AllProperties") {
    throw new EwsError("ErrorInvalidRequest", `Invalid BaseShape ${base}.`);
  }
  const bodyType = (find(element, "t:BodyType")?.text.trim() ?? "Best") as BodyTypeRequest;
  if (bodyType !== "Best" && bodyType !== "HTML" && bodyType !== "Text") {
    throw new EwsError("ErrorInvalidRequest", `Invalid BodyType ${bodyType}.`);
  }
  const uniqueBodyType = find(element, "t:UniqueBodyType")?.text.trim() as
    | BodyTypeRequest
    | undefined;
  const wanted = new Set<string>(["item:ItemId"]);
  for (const p of ITEM_PROPERTIES) {
    if (base === "IdOnly" || p.explicitOnly) continue;
    if (forFind && p.getItemOnly) continue;
    if (base === "AllProperties" || p.inDefault) wanted.add(p.uri);
  }
  if (parseBoolean(find(element, "t:IncludeMimeContent")?.text) && !forFind) {
    wanted.add("item:MimeContent");
  }
  const extended: ExtendedPath[] = [];
  for (const child of find(element, "t:AdditionalProperties")?.children ?? []) {
    if (child.name === "ExtendedFieldURI") {
      extended.push(extendedPath(child));
      wanted.add("item:ExtendedProperty");
    }
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
    baseShape: base,
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
