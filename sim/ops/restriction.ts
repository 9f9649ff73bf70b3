/**
 * Search restrictions (`m:Restriction`) and sort orders (`m:SortOrder`), evaluated over any
 * object whose properties can be read by FieldURI. Comparisons follow Exchange: strings compare
 * case-insensitively, and a property an object lacks matches nothing but `Not`.
 */
import { find, type XmlElement } from "../../ews/xml/mod.ts";
import { EwsError } from "./errors.ts";
import { extendedUri } from "./extended_fields.ts";
import type { PropertyValue } from "./item_properties.ts";
import { parseBoolean } from "./response.ts";

/** Reads a property of the object under test; undefined when it has none. */
export type PropertyReader<T> = (object: T, uri: string) => PropertyValue;
export type Predicate<T> = (object: T) => boolean;

const COMPARISONS = new Set([
  "IsEqualTo",
  "IsNotEqualTo",
  "IsGreaterThan",
  "IsGreaterThanOrEqualTo",
  "IsLessThan",
  "IsLessThanOrEqualTo",
]);

/** The FieldURI of a path element; indexed/extended paths get a synthetic key. */
function pathOf(element: XmlElement | undefined): string {
  if (!element) {
    throw new EwsError("ErrorInvalidRequest", "A search expression has no property path.");
  }
  if (element.name === "FieldURI") return element.attrs.FieldURI ?? "";
  if (element.name === "IndexedFieldURI") {
    return `${element.attrs.FieldURI}[${element.attrs.FieldIndex}]`;
  }
  return extendedUri(element);
}

/** Coerces a constant to the type of the property value it is compared with. */
function coerce(value: PropertyValue, constant: string): PropertyValue {
  if (typeof value === "boolean") return parseBoolean(constant);
  if (typeof value === "number") return Number(constant);
  if (value instanceof Date) return new Date(constant);
  return constant;
}

function compare(a: PropertyValue, b: PropertyValue): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(b) ? undefined : a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function verdict(operator: string, order: number): boolean {
  switch (operator) {
    case "IsEqualTo":
      return order === 0;
    case "IsNotEqualTo":
      return order !== 0;
    case "IsGreaterThan":
      return order > 0;
    case "IsGreaterThanOrEqualTo":
      return order >= 0;
    case "IsLessThan":
      return order < 0;
    default:
      return order <= 0;
  }
}

function contains(haystack: string, needle: string, mode: string, comparison: string): boolean {
  const ignoreCase = /IgnoreCase|Loose/.test(comparison);
  const h = ignoreCase ? haystack.toLowerCase() : haystack;
  const n = ignoreCase ? needle.toLowerCase() : needle;
  switch (mode) {
    case "FullString":
      return h === n;
    case "Prefixed":
      return h.startsWith(n);
    case "PrefixOnWords":
      return h.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(n)) || h.startsWith(n);
    case "ExactPhrase":
      return new RegExp(
        `(^|[^\\p{L}\\p{N}])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\p{N}])`,
        "u",
      )
        .test(h);
    default:
      return h.includes(n);
  }
}

/** Compiles a search expression element (`t:And`, `t:IsEqualTo`, ...) to a predicate. */
export function compileExpression<T>(element: XmlElement, read: PropertyReader<T>): Predicate<T> {
  const name = element.name;
  if (name === "And" || name === "Or") {
    const parts = element.children.map((c) => compileExpression(c, read));
    return name === "And" ? (o) => parts.every((p) => p(o)) : (o) => parts.some((p) => p(o));
  }
  if (name === "Not") {
    const inner = element.children[0];
    if (!inner) throw new EwsError("ErrorInvalidRequest", "Not needs one search expression.");
    const p = compileExpression(inner, read);
    return (o) => !p(o);
  }
  const uri = pathOf(element.children[0]);
  if (name === "Exists") return (o) => read(o, uri) !== undefined;
  if (COMPARISONS.has(name)) {
    const operand = find(element, "t:FieldURIOrConstant");
    const constant = find(operand, "t:Constant");
    if (constant) {
      const raw = constant.attrs.Value ?? "";
      return (o) => {
        const value = read(o, uri);
        const values = Array.isArray(value) ? value : [value];
        return values.some((v) => {
          const order = compare(v, coerce(v, raw));
          return order !== undefined && verdict(name, order);
        });
      };
    }
    const other = pathOf(operand?.children[0]);
    return (o) => {
      const order = compare(read(o, uri) as PropertyValue, read(o, other) as PropertyValue);
      return order !== undefined && verdict(name, order);
    };
  }
  if (name === "Contains") {
    const needle = find(element, "t:Constant")?.attrs.Value ?? "";
    const mode = element.attrs.ContainmentMode ?? "Substring";
    const comparison = element.attrs.ContainmentComparison ?? "Exact";
    return (o) => {
      const value = read(o, uri);
      if (value === undefined) return false;
      const values = Array.isArray(value) ? value : [String(value)];
      return values.some((v) => contains(v, needle, mode, comparison));
    };
  }
  if (name === "Excludes") {
    const mask = Number(find(element, "t:Bitmask")?.attrs.Value ?? "0");
    return (o) => {
      const value = read(o, uri);
      return typeof value === "number" && (value & mask) === 0;
    };
  }
  throw new EwsError("ErrorInvalidRequest", `Unsupported search expression ${name}.`);
}

/** Compiles `m:Restriction` (absent: everything matches). */
export function compileRestriction<T>(
  restriction: XmlElement | undefined,
  read: PropertyReader<T>,
): Predicate<T> {
  const expression = restriction?.children[0];
  return expression ? compileExpression(expression, read) : () => true;
}

/** Compiles `m:SortOrder` into a comparator; `fallback` applies when no order is given. */
export function compileSortOrder<T>(
  sortOrder: XmlElement | undefined,
  read: PropertyReader<T>,
  fallback: { uri: string; descending: boolean },
): (a: T, b: T) => number {
  const orders = sortOrder?.children.filter((c) => c.name === "FieldOrder").map((c) => ({
    uri: pathOf(c.children[0]),
    descending: c.attrs.Order === "Descending",
  })) ?? [];
  if (orders.length === 0) orders.push(fallback);
  return (a, b) => {
    for (const { uri, descending } of orders) {
      const va = read(a, uri);
      const vb = read(b, uri);
      // Objects without the property sort first ascending, as Exchange (MAPI) does with nulls.
      const order = va === undefined
        ? (vb === undefined ? 0 : -1)
        : vb === undefined
        ? 1
        : compare(va, vb) ?? 0;
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}
