/**
 * Queries over a parsed tree. Paths are written with our canonical prefixes (`s:`, `m:`, `t:`)
 * and matched by namespace URI, whatever prefixes the sender used:
 * `find(item, "t:From/t:Mailbox/t:EmailAddress")`.
 */
import { PREFIXES } from "./namespaces.ts";
import type { XmlElement } from "./parse.ts";

type Step = { ns: string; name: string };
const pathCache = new Map<string, Step[]>();

function compile(path: string): Step[] {
  let steps = pathCache.get(path);
  if (!steps) {
    steps = path.split("/").map((part) => {
      const colon = part.indexOf(":");
      if (colon < 0) return { ns: "", name: part };
      const ns = PREFIXES[part.slice(0, colon)];
      if (!ns) throw new Error(`Unknown prefix in XML path: ${part}`);
      return { ns, name: part.slice(colon + 1) };
    });
    pathCache.set(path, steps);
  }
  return steps;
}

function matches(el: XmlElement, step: Step): boolean {
  return el.name === step.name && el.ns === step.ns;
}

/** The first element at `path` below `el`, or undefined. */
export function find(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = el;
  for (const step of compile(path)) {
    if (!current) return undefined;
    current = current.children.find((c) => matches(c, step));
  }
  return current;
}

/** Every element at `path` below `el` (all branches of the last step). */
export function findAll(el: XmlElement | undefined, path: string): XmlElement[] {
  if (!el) return [];
  const steps = compile(path);
  let level = [el];
  for (const step of steps) {
    const next: XmlElement[] = [];
    for (const node of level) {
      for (const c of node.children) if (matches(c, step)) next.push(c);
    }
    level = next;
  }
  return level;
}

/** Text of the element at `path` (or of `el` itself without a path), or undefined if absent. */
export function textOf(el: XmlElement | undefined, path?: string): string | undefined {
  const target = path ? find(el, path) : el;
  return target?.text;
}

/** True when `el` is the element `qname` (canonical prefix), e.g. `is(el, "t:Message")`. */
export function is(el: XmlElement, qname: string): boolean {
  return matches(el, compile(qname)[0]);
}
