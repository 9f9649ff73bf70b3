import assert from "node:assert/strict";
import {
  find,
  findAll,
  NS,
  parseXml,
  renderXml,
  textOf,
  x,
  XmlParseError,
} from "../../ews/xml/mod.ts";

const T = NS.types;
const M = NS.messages;

Deno.test("escaping: hostile subjects round-trip as text, never as markup", () => {
  for (const subject of ["</t:Subject><x>", "]]>", `a & b < c > d "e" 'f'`, "line1\r\nline2"]) {
    const xml = renderXml(x("t:Subject", { "xmlns:t": T }, subject));
    assert.equal(parseXml(xml).text, subject);
    assert.equal(parseXml(xml).children.length, 0);
  }
});

Deno.test("escaping: attribute values are escaped too", () => {
  const xml = renderXml(x("t:ItemId", { "xmlns:t": T, Id: `a"b<c&d` }));
  assert.equal(parseXml(xml).attrs.Id, `a"b<c&d`);
});

Deno.test("escaping: characters XML cannot carry are dropped from values", () => {
  const xml = renderXml(x("t:Subject", { "xmlns:t": T }, "bell\u0007 and sub\u001a"));
  assert.equal(parseXml(xml).text, "bell and sub");
});

Deno.test("builder: undefined, null and false children are left out", () => {
  assert.equal(
    renderXml(x("a", null, undefined, null, false, x("b"), "t")),
    "<a><b/>t</a>",
  );
});

const prefixStyles = {
  "s:/m:/t: prefixes":
    `<s:Envelope xmlns:s="${NS.soap}"><s:Body><m:GetItemResponse xmlns:m="${M}" xmlns:t="${T}"><m:ResponseMessages><m:GetItemResponseMessage ResponseClass="Success"><m:Items><t:Message><t:Subject>Hello</t:Subject></t:Message></m:Items></m:GetItemResponseMessage></m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>`,
  "default namespaces":
    `<Envelope xmlns="${NS.soap}"><Body><GetItemResponse xmlns="${M}"><ResponseMessages><GetItemResponseMessage ResponseClass="Success"><Items><Message xmlns="${T}"><Subject>Hello</Subject></Message></Items></GetItemResponseMessage></ResponseMessages></GetItemResponse></Body></Envelope>`,
  "other prefixes":
    `<soap:Envelope xmlns:soap="${NS.soap}"><soap:Body><a:GetItemResponse xmlns:a="${M}" xmlns:b="${T}"><a:ResponseMessages><a:GetItemResponseMessage ResponseClass="Success"><a:Items><b:Message><b:Subject>Hello</b:Subject></b:Message></a:Items></a:GetItemResponseMessage></a:ResponseMessages></a:GetItemResponse></soap:Body></soap:Envelope>`,
};

for (const [style, xml] of Object.entries(prefixStyles)) {
  Deno.test(`parsing: ${style} read the same`, () => {
    const root = parseXml(xml);
    const path =
      "s:Body/m:GetItemResponse/m:ResponseMessages/m:GetItemResponseMessage/m:Items/t:Message/t:Subject";
    assert.equal(textOf(root, path), "Hello");
  });
}

Deno.test("parsing: a prefix bound to the wrong namespace does not match", () => {
  const root = parseXml(`<t:Subject xmlns:t="urn:not-ews">x</t:Subject>`);
  assert.equal(root.ns, "urn:not-ews");
  assert.equal(find(parseXml(`<r xmlns:t="urn:no"><t:Subject/></r>`), "t:Subject"), undefined);
});

Deno.test("parsing: illegal character references are dropped, not fatal", () => {
  const root = parseXml(
    `<t:Body xmlns:t="${T}">before&#x1A;&#x10;&#26;after &#x41;&#233;</t:Body>`,
  );
  assert.equal(root.text, "beforeafter Aé");
});

Deno.test("parsing: raw control characters are dropped, not fatal", () => {
  assert.equal(parseXml(`<a>x\u001ay</a>`).text, "xy");
});

Deno.test("parsing: documents with a DTD are refused (no XXE, no entity expansion)", () => {
  const xxe =
    `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>`;
  assert.throws(() => parseXml(xxe), XmlParseError);
  const laughs = `<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>`;
  assert.throws(() => parseXml(laughs), /document type declaration/);
});

Deno.test("parsing: unknown named entities are left as written", () => {
  assert.equal(parseXml("<a>&amp;&lt;&nbsp;</a>").text, "&<&nbsp;");
});

Deno.test("parsing: malformed XML is an XmlParseError naming the line", () => {
  assert.throws(() => parseXml("<a>\n<b></a>"), /line 2/);
});

Deno.test("parsing: CDATA content is text; whitespace between elements is not", () => {
  const root = parseXml(`<a>\n  <b><![CDATA[<not markup>]]></b>\n</a>`);
  assert.equal(root.text, "");
  assert.equal(textOf(root, "b"), "<not markup>");
});

Deno.test("parsing: findAll collects every match along the path", () => {
  const root = parseXml(
    `<r xmlns:t="${T}"><t:To><t:Mailbox><t:EmailAddress>a@x</t:EmailAddress></t:Mailbox><t:Mailbox><t:EmailAddress>b@x</t:EmailAddress></t:Mailbox></t:To></r>`,
  );
  assert.deepEqual(findAll(root, "t:To/t:Mailbox/t:EmailAddress").map((e) => e.text), [
    "a@x",
    "b@x",
  ]);
});

Deno.test("parsing: a reply cut off anywhere is refused, never read as a shorter document", () => {
  const xml = prefixStyles["s:/m:/t: prefixes"];
  for (let cut = 0; cut < xml.length; cut++) {
    assert.throws(() => parseXml(xml.slice(0, cut)), XmlParseError, `cut at ${cut}`);
  }
  assert.equal(parseXml(xml).name, "Envelope");
});

Deno.test("parsing: what is not well-formed XML is refused", () => {
  for (
    const bad of [
      "<a>x</a><b/>", // a second root
      "<a/>trailing", // text after the root
      "<a>a & b</a>", // a bare ampersand
      "<a>&#xZZ;</a>", // a broken character reference
      "<a x=1/>", // an unquoted attribute
      "<a x='1' x='2'/>", // a repeated attribute
      "<a x='1'y='2'/>", // attributes not separated
      "<a x='1<2'/>", // '<' in an attribute value
      "<a><b></a></b>", // crossed tags
      "<a><!-- open</a>", // an unclosed comment
      "<a><![CDATA[open</a>", // an unclosed CDATA section
      "<a><?xml version='1.0'?></a>", // a declaration inside the document
      "<?xml version=1.0?><a/>", // a malformed declaration
    ]
  ) {
    assert.throws(() => parseXml(bad), XmlParseError, bad);
  }
});

Deno.test("parsing: comments, processing instructions and a byte order mark are skipped", () => {
  const root = parseXml(
    `\uFEFF<?xml version="1.0" encoding="utf-8"?><!-- c --><a><?pi x?><!-- d -->t</a><!-- e -->`,
  );
  assert.equal(root.text, "t");
});

Deno.test("parsing: deep nesting is read without recursion", () => {
  const depth = 100_000;
  const root = parseXml("<a>".repeat(depth) + "x" + "</a>".repeat(depth));
  let el = root;
  for (let i = 1; i < depth; i++) el = el.children[0];
  assert.equal(el.text, "x");
});

Deno.test("parsing: a DTD is refused wherever it stands", () => {
  for (
    const doc of [
      `<!-- c --><!doctype a><a/>`,
      `<a><!DOCTYPE a></a>`,
      `<a/><!DOCTYPE a>`,
    ]
  ) {
    assert.throws(() => parseXml(doc), XmlParseError, doc);
  }
});
