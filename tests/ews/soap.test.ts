import assert from "node:assert/strict";
import { EwsError } from "../../ews/errors.ts";
import { buildEnvelope } from "../../ews/soap/envelope.ts";
import { parseSoapReply, responseMessages } from "../../ews/soap/reply.ts";
import { find, NS, parseXml, textOf, x } from "../../ews/xml/mod.ts";
import { assertSchemaValid } from "../support/schema.ts";

const getFolder = x(
  "m:GetFolder",
  null,
  x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
  x("m:FolderIds", null, x("t:DistinguishedFolderId", { Id: "inbox" })),
);

Deno.test("envelope: carries version, impersonation and time zone headers", () => {
  const xml = buildEnvelope(getFolder, {
    serverVersion: "Exchange2016",
    impersonate: "pat@contoso.test",
    timeZoneId: "W. Europe Standard Time",
  });
  const env = parseXml(xml);
  assert.equal(find(env, "s:Header/t:RequestServerVersion")?.attrs.Version, "Exchange2016");
  assert.equal(
    textOf(env, "s:Header/t:ExchangeImpersonation/t:ConnectingSID/t:PrimarySmtpAddress"),
    "pat@contoso.test",
  );
  assert.equal(
    find(env, "s:Header/t:TimeZoneContext/t:TimeZoneDefinition")?.attrs.Id,
    "W. Europe Standard Time",
  );
  assert.ok(find(env, "s:Body/m:GetFolder"));
});

Deno.test("envelope: no impersonation header for the caller's own mailbox", () => {
  const env = parseXml(buildEnvelope(getFolder, { serverVersion: "Exchange2013_SP1" }));
  assert.equal(find(env, "s:Header/t:ExchangeImpersonation"), undefined);
  assert.equal(find(env, "s:Header/t:TimeZoneContext"), undefined);
});

Deno.test({
  name: "envelope: requests with every header validate against the EWS schema",
  async fn() {
    await assertSchemaValid([
      {
        name: "all headers",
        xml: buildEnvelope(getFolder, {
          serverVersion: "Exchange2013_SP1",
          impersonate: "pat@contoso.test",
          timeZoneId: "UTC",
        }),
      },
      { name: "plain", xml: buildEnvelope(getFolder, { serverVersion: "Exchange2016" }) },
    ]);
  },
});

const reply = (body: string, header = "") =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS.soap}"><s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;

Deno.test("reply: ServerVersionInfo is read from the header", () => {
  const parsed = parseSoapReply(
    reply(
      `<m:GetFolderResponse xmlns:m="${NS.messages}"/>`,
      `<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="${NS.types}"/>`,
    ),
    200,
  );
  assert.deepEqual(parsed.serverVersion, {
    majorVersion: 15,
    minorVersion: 1,
    majorBuildNumber: 2507,
    minorBuildNumber: 6,
    version: "V2017_07_11",
  });
});

Deno.test("reply: a batch may mix Success, Warning and Error", () => {
  const body = `<m:GetItemResponse xmlns:m="${NS.messages}"><m:ResponseMessages>
    <m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:GetItemResponseMessage>
    <m:GetItemResponseMessage ResponseClass="Warning"><m:MessageText>Partial</m:MessageText><m:ResponseCode>ErrorBatchProcessingStopped</m:ResponseCode></m:GetItemResponseMessage>
    <m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>Gone</m:MessageText><m:ResponseCode>ErrorItemNotFound</m:ResponseCode></m:GetItemResponseMessage>
  </m:ResponseMessages></m:GetItemResponse>`;
  const messages = responseMessages(parseSoapReply(reply(body), 200));
  assert.deepEqual(
    messages.map((m) => [m.responseClass, m.responseCode]),
    [["Success", "NoError"], ["Warning", "ErrorBatchProcessingStopped"], [
      "Error",
      "ErrorItemNotFound",
    ]],
  );
});

Deno.test("reply: a SOAP fault becomes a typed error with code, kind and hint", () => {
  const fault = `<s:Fault><faultcode xmlns:a="${NS.types}">a:ErrorImpersonateUserDenied</faultcode>
    <faultstring xml:lang="en-US">The account does not have permission to impersonate the requested user.</faultstring>
    <detail><e:ResponseCode xmlns:e="${NS.errors}">ErrorImpersonateUserDenied</e:ResponseCode><e:Message xmlns:e="${NS.errors}">The account does not have permission to impersonate the requested user.</e:Message></detail></s:Fault>`;
  let error: unknown;
  try {
    parseSoapReply(reply(fault), 500);
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof EwsError);
  assert.equal(error.kind, "access_denied");
  assert.equal(error.responseCode, "ErrorImpersonateUserDenied");
  assert.match(error.describe(), /ApplicationImpersonation/);
});

Deno.test("reply: a throttling fault carries the server's back-off", () => {
  const fault = `<s:Fault><faultcode>a:ErrorServerBusy</faultcode><faultstring>busy</faultstring>
    <detail><e:ResponseCode xmlns:e="${NS.errors}">ErrorServerBusy</e:ResponseCode><e:Message xmlns:e="${NS.errors}">The server cannot service this request right now.</e:Message>
    <t:MessageXml xmlns:t="${NS.types}"><t:Value Name="BackOffMilliseconds">2500</t:Value></t:MessageXml></detail></s:Fault>`;
  try {
    parseSoapReply(reply(fault), 500);
    assert.fail("expected a throttling error");
  } catch (error) {
    assert.ok(error instanceof EwsError);
    assert.equal(error.kind, "throttled");
    assert.equal(error.backOffMs, 2500);
  }
});

Deno.test("reply: HTTP errors without SOAP become clear errors", () => {
  const cases: [number, string, RegExp][] = [
    [401, "", /credentials/],
    [503, "<html>Service Unavailable</html>", /busy/],
    [404, "Not found", /EWS_SERVER_URL/],
  ];
  for (const [status, body, pattern] of cases) {
    try {
      parseSoapReply(body, status);
      assert.fail(`expected an error for HTTP ${status}`);
    } catch (error) {
      assert.ok(error instanceof EwsError);
      assert.equal(error.status, status);
      assert.match(error.describe(), pattern);
    }
  }
});
