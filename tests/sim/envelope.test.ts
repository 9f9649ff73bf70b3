import assert from "node:assert/strict";
import { find, x } from "../../ews/xml/mod.ts";
import {
  ALEX,
  basic,
  call,
  findItem,
  folderId,
  messages,
  post,
  responseCode,
  subjects,
  withSimulator,
} from "./helpers.ts";

Deno.test("Requests with default namespaces or other prefixes parse the same", () =>
  withSimulator(async (sim) => {
    const defaultNamespaces = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <FindItem xmlns="http://schemas.microsoft.com/exchange/services/2006/messages" Traversal="Shallow">
      <ItemShape><BaseShape xmlns="http://schemas.microsoft.com/exchange/services/2006/types">Default</BaseShape></ItemShape>
      <ParentFolderIds>
        <DistinguishedFolderId xmlns="http://schemas.microsoft.com/exchange/services/2006/types" Id="inbox"/>
      </ParentFolderIds>
    </FindItem>
  </soap:Body>
</soap:Envelope>`;
    const otherPrefixes = `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"
      xmlns:msg="http://schemas.microsoft.com/exchange/services/2006/messages"
      xmlns:typ="http://schemas.microsoft.com/exchange/services/2006/types">
  <env:Header><typ:RequestServerVersion Version="Exchange2013_SP1"/></env:Header>
  <env:Body><msg:FindItem Traversal="Shallow"><msg:ItemShape><typ:BaseShape>Default</typ:BaseShape></msg:ItemShape>
    <msg:ParentFolderIds><typ:DistinguishedFolderId Id="inbox"/></msg:ParentFolderIds></msg:FindItem></env:Body>
</env:Envelope>`;
    const canonical = subjects(messages(await call(sim, findItem(folderId("inbox"))))[0]);
    for (const document of [defaultNamespaces, otherPrefixes]) {
      const reply = await post(sim, document);
      assert.equal(reply.status, 200);
      assert.deepEqual(subjects(messages(reply)[0]), canonical);
    }
  }));

Deno.test("Every reply carries the Exchange 2016 ServerVersionInfo header", () =>
  withSimulator(async (sim) => {
    const reply = await call(sim, findItem(folderId("inbox")));
    const info = find(reply.xml, "s:Header/t:ServerVersionInfo")!;
    assert.deepEqual(
      [
        info.attrs.MajorVersion,
        info.attrs.MinorVersion,
        info.attrs.MajorBuildNumber,
        info.attrs.MinorBuildNumber,
        info.attrs.Version,
      ],
      ["15", "1", "2507", "6", "V2017_07_11"],
    );
    assert.match(reply.text, /<m:FindItemResponse /);
    assert.match(reply.text, /<t:Message>/);
  }));

Deno.test("Malformed XML is a SOAP fault ErrorSchemaValidation with HTTP 500", () =>
  withSimulator(async (sim) => {
    const reply = await post(
      sim,
      "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><oops></s:Body>",
    );
    assert.equal(reply.status, 500);
    assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorSchemaValidation");
    assert.match(
      find(reply.body, "faultstring")?.text ?? "",
      /^The request failed schema validation: /,
    );
  }));

Deno.test("Documents with a DTD are refused", () =>
  withSimulator(async (sim) => {
    const reply = await post(
      sim,
      '<!DOCTYPE x [<!ENTITY a "b">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>',
    );
    assert.equal(reply.status, 500);
    assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorSchemaValidation");
  }));

Deno.test("Unknown operations and request versions are faults", () =>
  withSimulator(async (sim) => {
    const unknown = await call(sim, x("m:BrewCoffee", null));
    assert.equal(unknown.status, 500);
    assert.equal(find(unknown.body, "faultcode")?.text, "a:ErrorInvalidRequest");

    const document = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
      xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><s:Header>
      <t:RequestServerVersion Version="Exchange2031"/></s:Header><s:Body/></s:Envelope>`;
    const version = await post(sim, document);
    assert.equal(version.status, 500);
    assert.equal(find(version.body, "faultcode")?.text, "a:ErrorInvalidServerVersion");
  }));

Deno.test("The endpoint path is case-insensitive; other paths are 404, GET answers like IIS", () =>
  withSimulator(async (sim) => {
    const auth = { Authorization: basic(ALEX.user, ALEX.password) };
    const lower = await fetch(sim.url.replace("/EWS/Exchange.asmx", "/ews/exchange.ASMX"), {
      headers: auth,
    });
    assert.equal(lower.status, 200);
    assert.match(await lower.text(), /Exchange Web Services/);
    const missing = await fetch(sim.url.replace("/EWS/Exchange.asmx", "/owa/"), { headers: auth });
    await missing.body?.cancel();
    assert.equal(missing.status, 404);
    const put = await fetch(sim.url, { method: "PUT", headers: auth, body: "" });
    await put.body?.cancel();
    assert.equal(put.status, 405);
  }));

Deno.test("ResolveNames finds mailboxes by alias, address or display name", () =>
  withSimulator(async (sim) => {
    const resolve = (entry: string) =>
      call(
        sim,
        x(
          "m:ResolveNames",
          { ReturnFullContactData: "false" },
          x("m:UnresolvedEntry", null, entry),
        ),
      )
        .then((r) => messages(r)[0]);
    const pat = await resolve("pat");
    assert.equal(responseCode(pat), "NoError");
    assert.equal(
      find(pat, "m:ResolutionSet/t:Resolution/t:Mailbox/t:EmailAddress")?.text,
      "pat@contoso.test",
    );
    assert.equal(responseCode(await resolve("Morgan")), "NoError");
    const none = await resolve("zebra");
    assert.equal(none.attrs.ResponseClass, "Error");
    assert.equal(responseCode(none), "ErrorNameResolutionNoResults");
  }));

Deno.test("ConvertId converts between EwsId and HexEntryId and rejects garbage", () =>
  withSimulator(async (sim) => {
    const [inbox] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const ewsId = find(inbox, "m:RootFolder/t:Items/t:Message/t:ItemId")!.attrs.Id;
    const convert = (id: string, from: string, to: string) =>
      call(
        sim,
        x(
          "m:ConvertId",
          { DestinationFormat: to },
          x(
            "m:SourceIds",
            null,
            x("t:AlternateId", { Format: from, Id: id, Mailbox: "alex@contoso.test" }),
          ),
        ),
      ).then((r) => messages(r)[0]);
    const hex = await convert(ewsId, "EwsId", "HexEntryId");
    const hexId = find(hex, "m:AlternateId")!.attrs.Id;
    assert.match(hexId, /^[0-9A-F]+$/);
    const back = await convert(hexId, "HexEntryId", "EwsId");
    assert.equal(find(back, "m:AlternateId")?.attrs.Id, ewsId);
    assert.equal(
      responseCode(await convert("DUMMY", "EwsId", "EntryId")),
      "ErrorInvalidIdMalformed",
    );
  }));
