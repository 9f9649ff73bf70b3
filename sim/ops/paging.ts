/**
 * Paged views of FindItem/FindFolder: indexed (offset from the beginning or the end) and
 * fractional (a position as numerator/denominator). The attributes returned are those of
 * `m:RootFolder`, which tell the client where the next page starts.
 */
import { x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import { EwsError } from "./errors.ts";

export interface Page<T> {
  entries: T[];
  rootFolderAttrs: Record<string, string>;
}

function count(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new EwsError("ErrorInvalidRequest", `${name} is required.`);
  }
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 0) {
    throw new EwsError("ErrorInvalidRequest", `${name} must be a non-negative integer.`);
  }
  return n;
}

/** Applies the view element (`m:IndexedPageItemView`, ...) to an already sorted list. */
export function applyView<T>(all: T[], view: XmlElement | undefined): Page<T> {
  const total = all.length;
  if (!view) {
    return {
      entries: all,
      rootFolderAttrs: {
        IndexedPagingOffset: String(total),
        TotalItemsInView: String(total),
        IncludesLastItemInRange: "true",
      },
    };
  }
  const max = count(view.attrs.MaxEntriesReturned, "MaxEntriesReturned", Number.MAX_SAFE_INTEGER);
  if (max === 0) {
    throw new EwsError("ErrorInvalidRequest", "MaxEntriesReturned must be greater than zero.");
  }
  if (view.name.startsWith("IndexedPage")) {
    const offset = count(view.attrs.Offset, "Offset");
    const fromEnd = view.attrs.BasePoint === "End";
    let start: number;
    let end: number;
    if (fromEnd) {
      end = Math.max(0, total - offset);
      start = Math.max(0, end - max);
    } else {
      start = Math.min(offset, total);
      end = Math.min(total, start + max);
    }
    const entries = all.slice(start, end);
    return {
      entries,
      rootFolderAttrs: {
        IndexedPagingOffset: String(fromEnd ? offset + entries.length : end),
        TotalItemsInView: String(total),
        IncludesLastItemInRange: String(fromEnd ? start === 0 : end >= total),
      },
    };
  }
  if (view.name.startsWith("FractionalPage")) {
    const numerator = count(view.attrs.Numerator, "Numerator");
    const denominator = count(view.attrs.Denominator, "Denominator");
    if (denominator === 0 || numerator > denominator) {
      throw new EwsError(
        "ErrorInvalidRequest",
        "Numerator must not exceed a non-zero Denominator.",
      );
    }
    const start = Math.floor((total * numerator) / denominator);
    const end = Math.min(total, start + max);
    return {
      entries: all.slice(start, end),
      rootFolderAttrs: {
        NumeratorOffset: String(end),
        AbsoluteDenominator: String(total),
        TotalItemsInView: String(total),
        IncludesLastItemInRange: String(end >= total),
      },
    };
  }
  // CalendarView / ContactsView: no such items here, so the view is simply empty or complete.
  const limited = all.slice(0, max);
  return {
    entries: limited,
    rootFolderAttrs: {
      TotalItemsInView: String(total),
      IncludesLastItemInRange: String(limited.length >= total),
    },
  };
}

/** `m:RootFolder` of a FindItem page: where the page stands, and its items rendered. */
export function itemsPage<T>(page: Page<T>, render: (entry: T) => XmlNode): XmlNode {
  return x("m:RootFolder", page.rootFolderAttrs, x("t:Items", null, ...page.entries.map(render)));
}
