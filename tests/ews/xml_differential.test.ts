/**
 * Our single-pass XML parser (`ews/xml/parse.ts`) checked against two independent readers on the
 * documents that matter: every request our tools build and every reply the simulator gives, in
 * the prefix styles servers use, and thousands of cut-off and corrupted copies of them.
 * - Where fast-xml-parser (tests/support/xml_oracle.ts) accepts a document, ours builds the same
 *   tree, or refuses it only where libxml2 refuses it too (ours is the stricter of the two).
 * - Where fast-xml-parser refuses a document, ours refuses it too.
 */
import assert from "node:assert/strict";
import { parseXml, type XmlElement } from "../../ews/xml/mod.ts";
import { validateXML } from "../../sim/schema/xmllint.ts";
import { exerciseEveryTool } from "../support/exercise.ts";
import { startHarness } from "../support/harness.ts";
import { oracleParse } from "../support/xml_oracle.ts";

async function recordedCorpus(): Promise<string[]> {
  const h = await startHarness({ record: true, env: { TIMEZONE: "Europe/Berlin" } });
  try {
    await exerciseEveryTool(h, "sales@contoso.test");
    return h.sim.exchanges.flatMap((e) => [e.request, e.response]);
  } finally {
    await h.close();
  }
}

/** The same document with other prefixes, as other servers and clients write it. */
function reprefixed(xml: string): string {
  const names: Record<string, string> = { s: "soap", m: "messages", t: "types" };
  return xml
    .replace(/(<\/?)([smt]):/g, (_, open, p) => `${open}${names[p]}:`)
    .replace(/xmlns:([smt])=/g, (_, p) => `xmlns:${names[p]}=`);
}

/** Documents no recorded exchange happens to contain, in the forms servers are known to send. */
const HANDWRITTEN = [
  `\uFEFF<?xml version="1.0" encoding="utf-8"?><!-- c --><a xmlns="urn:x" k='v &amp; w'>` +
  `<b:c xmlns:b="urn:y" b:q="1">t&#233;xt<![CDATA[<raw> & ]]></b:c><?pi data?><d/></a>`,
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
  `<Subject xmlns="http://schemas.microsoft.com/exchange/services/2006/types">a&#x1A;b&lt;` +
  `</Subject></s:Body></s:Envelope>`,
  `<a>\n  <b>  spaced  </b>\n  <c>x</c>tail\n</a>`,
];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cut-off copies and copies with one piece of markup deleted, inserted or repeated. */
function corrupted(xml: string, next: () => number, count: number): string[] {
  const out: string[] = [];
  const at = () => Math.floor(next() * xml.length);
  for (let i = 0; i < count; i++) {
    const p = at();
    switch (i % 4) {
      case 0:
        out.push(xml.slice(0, p));
        break;
      case 1:
        out.push(xml.slice(0, p) + xml.slice(p + 1));
        break;
      case 2: {
        const mark = `<>&"'/=!?;`[Math.floor(next() * 10)];
        out.push(xml.slice(0, p) + mark + xml.slice(p));
        break;
      }
      default: {
        const q = Math.min(xml.length, p + 1 + Math.floor(next() * 40));
        out.push(xml.slice(0, q) + xml.slice(p, q) + xml.slice(q));
      }
    }
  }
  return out;
}

function ours(xml: string): XmlElement | Error {
  try {
    return parseXml(xml);
  } catch (error) {
    return error as Error;
  }
}

/** The documents libxml2 finds not well-formed (one xmllint run for all). */
async function refusedByLibxml2(docs: string[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  const xml = docs.map((contents, i) => ({ fileName: `d${i}.xml`, contents }));
  // xmllint exits 1 or 4 for documents that are not well-formed; either way it names them.
  const output = await validateXML({ xml, schema: [] }).then(
    (result) => result.rawOutput,
    (error: Error) => error.message,
  );
  return new Set([...output.matchAll(/^d(\d+)\.xml:\d+: parser error/gm)].map((m) => Number(m[1])));
}

Deno.test("XML parser: every recorded request and reply reads as fast-xml-parser reads it", async () => {
  const recorded = await recordedCorpus();
  const documents = [...recorded, ...recorded.map(reprefixed), ...HANDWRITTEN];
  assert.ok(documents.length > 100, `only ${documents.length} documents`);
  for (const [i, xml] of documents.entries()) {
    const expected = oracleParse(xml);
    assert.ok(!(expected instanceof Error), `oracle refused document ${i}: ${expected}`);
    assert.deepEqual(ours(xml), expected, `document ${i} differs`);
  }
});

Deno.test("XML parser: corrupted documents are refused whenever fast-xml-parser refuses them", async () => {
  const recorded = await recordedCorpus();
  const next = random(20261122);
  const stricter: string[] = [];
  let mutants = 0;
  let refused = 0;
  for (const source of [...recorded, ...HANDWRITTEN]) {
    for (const xml of corrupted(source, next, 60)) {
      mutants++;
      const expected = oracleParse(xml);
      const actual = ours(xml);
      if (expected instanceof Error) {
        assert.ok(actual instanceof Error, `accepted what fast-xml-parser refuses:\n${xml}`);
        refused++;
      } else if (actual instanceof Error) stricter.push(xml);
      else assert.deepEqual(actual, expected, `corrupted copy reads differently:\n${xml}`);
    }
  }
  assert.ok(mutants > 4000 && refused > mutants / 3, `${refused} of ${mutants} refused`);
  // Where ours alone refuses, the reason must be real: libxml2 refuses the document too.
  const confirmed = await refusedByLibxml2(stricter);
  const unconfirmed = stricter.filter((_, i) => !confirmed.has(i));
  assert.deepEqual(unconfirmed, [], "refused documents libxml2 reads as well-formed");
});
