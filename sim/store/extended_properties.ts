/**
 * Extended (MAPI) properties as EWS names them with `t:ExtendedFieldURI`: a property tag, or a
 * property set (distinguished name or GUID) with a name or a numeric id, plus a MAPI type. This
 * module knows identities, types and the text form of values; what the store computes for the
 * common tags lives in `sim/ops/extended_fields.ts`.
 */

/** GUIDs of the distinguished property sets (MS-OXPROPS), lower case. */
export const PROPERTY_SETS: Readonly<Record<string, string>> = {
  Meeting: "6ed8da90-450b-101b-98da-00aa003f1305",
  Appointment: "00062002-0000-0000-c000-000000000046",
  Common: "00062008-0000-0000-c000-000000000046",
  PublicStrings: "00020329-0000-0000-c000-000000000046",
  Address: "00062004-0000-0000-c000-000000000046",
  InternetHeaders: "00020386-0000-0000-c000-000000000046",
  CalendarAssistant: "11000e07-b51b-40d6-af21-caa85edab1d0",
  UnifiedMessaging: "4442858e-a9e3-4e80-b900-317a210cc15b",
  Task: "00062003-0000-0000-c000-000000000046",
  Sharing: "00062040-0000-0000-c000-000000000046",
};

/** The attributes of a `t:ExtendedFieldURI`, as a client wrote them. */
export interface ExtendedFieldAttrs {
  DistinguishedPropertySetId?: string;
  PropertySetId?: string;
  PropertyTag?: string;
  PropertyName?: string;
  PropertyId?: string;
  PropertyType?: string;
}

/** A parsed `t:ExtendedFieldURI`. */
export interface ExtendedPath {
  /** Identity without the type: `tag:0xe23`, `<guid>:name:Keywords`, `<guid>:id:34080`. */
  key: string;
  /** The property tag as a number, for tagged properties. */
  tag?: number;
  type: string;
  /** The attributes as the client sent them: replies echo them (exchangelib matches on them). */
  attrs: ExtendedFieldAttrs;
}

/** A value held by an item or folder: its type and the text of each value. */
export interface StoredExtendedProperty {
  type: string;
  values: string[];
}

export class ExtendedPathError extends Error {}

/** Every MapiPropertyTypeType of the schema. */
const TYPES = new Set([
  "ApplicationTime",
  "ApplicationTimeArray",
  "Binary",
  "BinaryArray",
  "Boolean",
  "CLSID",
  "CLSIDArray",
  "Currency",
  "CurrencyArray",
  "Double",
  "DoubleArray",
  "Error",
  "Float",
  "FloatArray",
  "Integer",
  "IntegerArray",
  "Long",
  "LongArray",
  "Null",
  "Object",
  "ObjectArray",
  "Short",
  "ShortArray",
  "SystemTime",
  "SystemTimeArray",
  "String",
  "StringArray",
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseNumber(text: string, what: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? +text : NaN;
  if (!Number.isSafeInteger(n)) throw new ExtendedPathError(`${what} "${text}" is not a number.`);
  return n;
}

/**
 * Parses the attributes of a `t:ExtendedFieldURI`. Exchange accepts exactly two forms: a tag
 * alone, or a property set with a name or an id; anything else is ErrorInvalidExtendedProperty.
 */
export function parseExtendedPath(attrs: ExtendedFieldAttrs): ExtendedPath {
  const type = attrs.PropertyType ?? "";
  if (!TYPES.has(type)) throw new ExtendedPathError(`PropertyType "${type}" is not valid.`);
  const set = attrs.DistinguishedPropertySetId ?? attrs.PropertySetId;
  if (attrs.PropertyTag !== undefined) {
    if (set !== undefined || attrs.PropertyName !== undefined || attrs.PropertyId !== undefined) {
      throw new ExtendedPathError("PropertyTag cannot be combined with a property set.");
    }
    const tag = parseNumber(attrs.PropertyTag, "PropertyTag");
    // Named properties (0x8000 and up) are only reachable through their set and name or id.
    if (tag > 0x7fff) {
      throw new ExtendedPathError(
        "PropertyTag must be below 0x8000 (named properties need a set).",
      );
    }
    return { key: `tag:0x${tag.toString(16)}`, tag, type, attrs };
  }
  if (set === undefined) throw new ExtendedPathError("A property set or a PropertyTag is needed.");
  if (attrs.DistinguishedPropertySetId !== undefined && attrs.PropertySetId !== undefined) {
    throw new ExtendedPathError("Give either DistinguishedPropertySetId or PropertySetId.");
  }
  const guid = attrs.DistinguishedPropertySetId !== undefined
    ? PROPERTY_SETS[attrs.DistinguishedPropertySetId]
    : GUID.test(set)
    ? set.toLowerCase()
    : undefined;
  if (!guid) throw new ExtendedPathError(`Property set "${set}" is not valid.`);
  if ((attrs.PropertyName === undefined) === (attrs.PropertyId === undefined)) {
    throw new ExtendedPathError("A property set needs a PropertyName or a PropertyId.");
  }
  const key = attrs.PropertyName !== undefined
    ? `${guid}:name:${attrs.PropertyName}`
    : `${guid}:id:${parseNumber(attrs.PropertyId!, "PropertyId")}`;
  return { key, type, attrs };
}

/** The attributes a reply echoes: tags in Exchange's spelling (`0xe23`), the rest as sent. */
export function echoAttrs(path: ExtendedPath): Record<string, string> {
  const a = path.attrs;
  const out: Record<string, string> = {};
  if (a.DistinguishedPropertySetId !== undefined) {
    out.DistinguishedPropertySetId = a.DistinguishedPropertySetId;
  }
  if (a.PropertySetId !== undefined) out.PropertySetId = a.PropertySetId;
  if (path.tag !== undefined) out.PropertyTag = `0x${path.tag.toString(16)}`;
  if (a.PropertyName !== undefined) out.PropertyName = a.PropertyName;
  if (a.PropertyId !== undefined) out.PropertyId = a.PropertyId;
  out.PropertyType = path.type;
  return out;
}

export const isArrayType = (type: string) => type.endsWith("Array");
const baseType = (type: string) => type.replace(/Array$/, "");

const INTEGER_TYPES = new Set(["Integer", "Long", "Short"]);

/** Integer, Long and Short are one kind of value: a client may ask for any of them. */
export function compatibleTypes(stored: string, requested: string): boolean {
  if (stored === requested) return true;
  const a = baseType(stored);
  const b = baseType(requested);
  return isArrayType(stored) === isArrayType(requested) && INTEGER_TYPES.has(a) &&
    INTEGER_TYPES.has(b);
}

/**
 * Checks and normalises one value's text for its type, as Exchange stores it: integers in
 * decimal, booleans `true`/`false`, times as UTC ISO without fractions, binary as base64.
 * Throws a plain Error with the reason when the text does not fit the type.
 */
export function normaliseValue(type: string, text: string): string {
  const t = baseType(type);
  const v = text.trim();
  switch (t) {
    case "Integer":
    case "Long":
    case "Short": {
      if (!/^-?\d+$/.test(v)) throw new Error(`"${text}" is not an integer.`);
      return String(BigInt(v));
    }
    case "Double":
    case "Float":
    case "Currency":
    case "ApplicationTime": {
      const n = Number(v);
      if (v === "" || Number.isNaN(n)) throw new Error(`"${text}" is not a number.`);
      return String(n);
    }
    case "Boolean": {
      if (v === "true" || v === "1") return "true";
      if (v === "false" || v === "0") return "false";
      throw new Error(`"${text}" is not a boolean.`);
    }
    case "SystemTime": {
      const d = new Date(v);
      if (v === "" || Number.isNaN(d.getTime())) throw new Error(`"${text}" is not a time.`);
      return d.toISOString().replace(/\.\d{3}Z$/, "Z");
    }
    case "Binary": {
      const compact = v.replace(/\s+/g, "");
      try {
        atob(compact);
      } catch {
        throw new Error(`"${text}" is not base64.`);
      }
      return compact;
    }
    case "CLSID": {
      if (!GUID.test(v)) throw new Error(`"${text}" is not a GUID.`);
      return v.toLowerCase();
    }
    case "String":
      return text;
    default:
      throw new Error(`Values of type ${type} cannot be set.`);
  }
}

/** What restrictions and sort orders compare: numbers, booleans, dates, strings. */
export function comparableValue(
  stored: StoredExtendedProperty,
): string | number | boolean | Date | string[] {
  if (isArrayType(stored.type)) return stored.values;
  const text = stored.values[0] ?? "";
  const t = baseType(stored.type);
  if (INTEGER_TYPES.has(t) || ["Double", "Float", "Currency", "ApplicationTime"].includes(t)) {
    return Number(text);
  }
  if (t === "Boolean") return text === "true";
  if (t === "SystemTime") return new Date(text);
  return text;
}
