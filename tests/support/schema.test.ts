/**
 * The schema validator must be able to fail as well as pass; otherwise every test that relies on
 * it proves nothing. And the schema must be there: a checkout without it fails here, loudly.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  assertSchemaValid,
  loadSchema,
  loadSchemaModule,
  stripIllegalXmlChars,
  validateEnvelopes,
} from "./schema.ts";
import { EMBEDDED_WASM, PACKAGE_WASM } from "../../scripts/embed_xmllint.ts";

const SCHEMA_DIR = fileURLToPath(new URL("../../sim/schema/", import.meta.url));

const NS = `xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
  xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"`;

function request(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope ${NS}>
  <s:Header>
    <t:RequestServerVersion Version="Exchange2013_SP1"/>
  </s:Header>
  <s:Body>
${body}
  </s:Body>
</s:Envelope>`;
}

const GET_FOLDER = request(`    <m:GetFolder>
      <m:FolderShape>
        <t:BaseShape>Default</t:BaseShape>
      </m:FolderShape>
      <m:FolderIds>
        <t:DistinguishedFolderId Id="inbox"/>
      </m:FolderIds>
    </m:GetFolder>`);

// FolderIds before FolderShape: the schema's sequence forbids it.
const GET_FOLDER_OUT_OF_ORDER = request(`    <m:GetFolder>
      <m:FolderIds>
        <t:DistinguishedFolderId Id="inbox"/>
      </m:FolderIds>
      <m:FolderShape>
        <t:BaseShape>Default</t:BaseShape>
      </m:FolderShape>
    </m:GetFolder>`);

const GET_FOLDER_UNKNOWN_ELEMENT = request(`    <m:GetFolder>
      <m:FolderShape>
        <t:BaseShape>Default</t:BaseShape>
        <t:Frobnicate>yes</t:Frobnicate>
      </m:FolderShape>
      <m:FolderIds>
        <t:DistinguishedFolderId Id="inbox"/>
      </m:FolderIds>
    </m:GetFolder>`);

/** A GetFolder reply whose display name carries a control character, as real servers send. */
const REPLY_WITH_CONTROL_CHAR = `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope ${NS}>
  <s:Header>
    <t:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11"/>
  </s:Header>
  <s:Body>
    <m:GetFolderResponse>
      <m:ResponseMessages>
        <m:GetFolderResponseMessage ResponseClass="Success">
          <m:ResponseCode>NoError</m:ResponseCode>
          <m:Folders>
            <t:Folder>
              <t:FolderId Id="AAMkADk=" ChangeKey="AQAAABYA"/>
              <t:DisplayName>Inbox&#x1A; (old)&#0;</t:DisplayName>
              <t:TotalCount>2</t:TotalCount>
              <t:ChildFolderCount>0</t:ChildFolderCount>
              <t:UnreadCount>1</t:UnreadCount>
            </t:Folder>
          </m:Folders>
        </m:GetFolderResponseMessage>
      </m:ResponseMessages>
    </m:GetFolderResponse>
  </s:Body>
</s:Envelope>`;

Deno.test("schema: the EWS schema in sim/schema/ loads and compiles", async () => {
  // Fails (never skips) on a checkout without the schema, naming the missing file.
  const { main, imports } = await loadSchema();
  assert.deepEqual(
    [main, ...imports].map((f) => f.fileName),
    ["envelope.xsd", "soap-envelope.xsd", "messages.xsd", "types.xsd", "xml.xsd"],
  );
  for (const file of [main, ...imports]) {
    assert.match(file.contents, /<xs:schema/, `${SCHEMA_DIR}${file.fileName} is not a schema`);
  }
  const [result] = await validateEnvelopes([{ name: "GetFolder", xml: GET_FOLDER }]);
  assert.deepEqual(result.errors, []);
});

Deno.test("schema: a missing schema file fails the load with the file's name", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ews-schema-"));
  try {
    for (const name of ["mod.ts", "envelope.xsd", "soap-envelope.xsd", "messages.xsd", "xml.xsd"]) {
      await copyFile(join(SCHEMA_DIR, name), join(dir, name));
    }
    await assert.rejects(
      loadSchemaModule(pathToFileURL(join(dir, "mod.ts")).href),
      (e: Error) => {
        assert.match(e.message, /The EWS schema could not be loaded from /);
        assert.match(e.message, /types\.xsd/);
        return true;
      },
    );
  } finally {
    await rm(dir, { recursive: true });
  }
});

Deno.test("schema: the embedded xmllint is the installed xmllint-wasm's", async () => {
  const embedded = gunzipSync(Buffer.from(await readFile(EMBEDDED_WASM, "utf8"), "base64"));
  const installed = await readFile(PACKAGE_WASM);
  assert.ok(
    Buffer.compare(embedded, installed) === 0,
    `${EMBEDDED_WASM} differs from ${PACKAGE_WASM}: run deno task embed:xmllint`,
  );
});

Deno.test({
  name: "schema: a well-formed GetFolder request validates",
  async fn() {
    const [result] = await validateEnvelopes([{ name: "GetFolder", xml: GET_FOLDER }]);
    assert.deepEqual(result, { name: "GetFolder", valid: true, errors: [] });
  },
});

Deno.test({
  name: "schema: elements out of order fail, naming the element",
  async fn() {
    const [result] = await validateEnvelopes([{ name: "swapped", xml: GET_FOLDER_OUT_OF_ORDER }]);
    assert.equal(result.valid, false);
    assert.ok(result.errors.length > 0);
    assert.match(result.errors.join("\n"), /m:FolderIds'.*not expected.*m:FolderShape/);
  },
});

Deno.test({
  name: "schema: an unknown element fails, naming the element",
  async fn() {
    const [result] = await validateEnvelopes([
      { name: "unknown", xml: GET_FOLDER_UNKNOWN_ELEMENT },
    ]);
    assert.equal(result.valid, false);
    assert.match(result.errors.join("\n"), /t:Frobnicate/);
  },
});

Deno.test({
  name: "schema: a reply with &#x1A; in text validates once illegal references are stripped",
  async fn() {
    const [result] = await validateEnvelopes([{ name: "reply", xml: REPLY_WITH_CONTROL_CHAR }]);
    assert.deepEqual(result, { name: "reply", valid: true, errors: [] });
  },
});

Deno.test({
  name: "schema: a batch reports exactly the invalid documents",
  async fn() {
    const docs = [
      { name: "first", xml: GET_FOLDER },
      { name: "reply", xml: REPLY_WITH_CONTROL_CHAR },
      { name: "bad one", xml: GET_FOLDER_UNKNOWN_ELEMENT },
      { name: "last", xml: GET_FOLDER },
    ];
    const results = await validateEnvelopes(docs);
    assert.deepEqual(results.map((r) => r.name), docs.map((d) => d.name));
    assert.deepEqual(results.map((r) => r.valid), [true, true, false, true]);
    assert.match(results[2].errors.join("\n"), /t:Frobnicate/);
    for (const r of [results[0], results[1], results[3]]) assert.deepEqual(r.errors, []);
  },
});

Deno.test({
  name: "schema: a document that is not well-formed is reported on its own",
  async fn() {
    const results = await validateEnvelopes([
      { name: "broken", xml: `<s:Envelope ${NS}><s:Body></s:Envelope>` },
      { name: "good", xml: GET_FOLDER },
    ]);
    assert.equal(results[0].valid, false);
    assert.match(results[0].errors.join("\n"), /parser error|mismatch/i);
    assert.deepEqual(results[1], { name: "good", valid: true, errors: [] });
  },
});

Deno.test({
  name: "schema: assertSchemaValid lists every invalid document in one error",
  async fn() {
    await assertSchemaValid([{ name: "ok", xml: GET_FOLDER }]);
    await assert.rejects(
      assertSchemaValid([
        { name: "ok", xml: GET_FOLDER },
        { name: "swapped", xml: GET_FOLDER_OUT_OF_ORDER },
        { name: "unknown", xml: GET_FOLDER_UNKNOWN_ELEMENT },
      ]),
      (e: Error) => {
        assert.match(e.message, /^2 of 3 SOAP envelope\(s\)/);
        assert.match(e.message, /- swapped:\n.*m:FolderIds/);
        assert.match(e.message, /- unknown:\n.*t:Frobnicate/);
        assert.doesNotMatch(e.message, /- ok:/);
        return true;
      },
    );
  },
});

Deno.test("schema: an empty batch needs no validator run", async () => {
  assert.deepEqual(await validateEnvelopes([]), []);
});

Deno.test("schema: only references to characters XML 1.0 forbids are stripped", () => {
  assert.equal(stripIllegalXmlChars("a&#x1A;b&#0;c&#31;d&#xFFFE;e"), "abcde");
  const legal = "&#x9;&#10;&#xD;&#65;&#x20AC;&#x1F600;&amp;&lt;&#xE000;";
  assert.equal(stripIllegalXmlChars(legal), legal);
  assert.equal(stripIllegalXmlChars("x\u0001y\u001Fz\tw"), "xyz\tw");
  assert.equal(stripIllegalXmlChars("emoji \u{1F600} stays"), "emoji \u{1F600} stays");
});
