import assert from "node:assert/strict";
import { basicAuth } from "../../ews/auth/basic.ts";
import { EwsClient } from "../../ews/client.ts";
import { EwsError } from "../../ews/errors.ts";
import { impersonationContext, primaryContext } from "../../ews/mailbox/context.ts";
import { NS, x } from "../../ews/xml/mod.ts";
import { serveHttp } from "../../server/runtime.ts";

interface Seen {
  headers: Headers;
  body: string;
  remotePort: number;
}

/** A stand-in endpoint that records what arrives and answers with `reply(n)`. */
async function fakeExchange(
  reply: (n: number) => { status?: number; body: string; delayMs?: number },
) {
  const seen: Seen[] = [];
  const server = await serveHttp(async (request, info) => {
    seen.push({
      headers: request.headers,
      body: await request.text(),
      remotePort: info.remotePort,
    });
    const r = reply(seen.length);
    if (r.delayMs) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
    return new Response(r.body, {
      status: r.status ?? 200,
      headers: { "Content-Type": "text/xml" },
    });
  }, { hostname: "127.0.0.1", port: 0 });
  return { seen, server, url: new URL(`http://127.0.0.1:${server.port}/EWS/Exchange.asmx`) };
}

const ok =
  `<s:Envelope xmlns:s="${NS.soap}"><s:Body><m:GetFolderResponse xmlns:m="${NS.messages}"><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>`;
const busy =
  `<s:Envelope xmlns:s="${NS.soap}"><s:Body><s:Fault><faultcode>a:ErrorServerBusy</faultcode><faultstring>busy</faultstring><detail><e:ResponseCode xmlns:e="${NS.errors}">ErrorServerBusy</e:ResponseCode><e:Message xmlns:e="${NS.errors}">busy</e:Message><t:MessageXml xmlns:t="${NS.types}"><t:Value Name="BackOffMilliseconds">20</t:Value></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>`;
const op = x("m:GetFolder", null);

Deno.test("client: Basic auth, SOAP content type and X-AnchorMailbox on every request", async () => {
  const fake = await fakeExchange(() => ({ body: ok }));
  const client = new EwsClient({
    endpoint: fake.url,
    auth: basicAuth("alex@contoso.test", "pä:ss"),
  });
  try {
    await client.call(op, primaryContext("alex@contoso.test").target, { idempotent: true });
    await client.call(op, impersonationContext("pat@contoso.test").target, { idempotent: true });
    assert.equal(
      fake.seen[0].headers.get("authorization"),
      "Basic " + btoa(String.fromCharCode(...new TextEncoder().encode("alex@contoso.test:pä:ss"))),
    );
    assert.match(fake.seen[0].headers.get("content-type") ?? "", /text\/xml; charset=utf-8/);
    assert.equal(fake.seen[0].headers.get("x-anchormailbox"), "alex@contoso.test");
    assert.equal(fake.seen[1].headers.get("x-anchormailbox"), "pat@contoso.test");
    assert.match(fake.seen[1].body, /<t:PrimarySmtpAddress>pat@contoso\.test</);
  } finally {
    client.close();
    await fake.server.close();
  }
});

Deno.test("client: sequential requests reuse one keep-alive connection", async () => {
  const fake = await fakeExchange(() => ({ body: ok }));
  const client = new EwsClient({ endpoint: fake.url, auth: basicAuth("a", "b") });
  try {
    for (let i = 0; i < 5; i++) {
      await client.call(op, { anchorMailbox: "a@b.c" }, { idempotent: true });
    }
    assert.equal(new Set(fake.seen.map((s) => s.remotePort)).size, 1);
  } finally {
    client.close();
    await fake.server.close();
  }
});

Deno.test("client: a request that outlives REQUEST_TIMEOUT fails as a timeout", async () => {
  const fake = await fakeExchange(() => ({ body: ok, delayMs: 300 }));
  const client = new EwsClient({ endpoint: fake.url, auth: basicAuth("a", "b"), timeoutMs: 50 });
  try {
    await assert.rejects(
      client.call(op, { anchorMailbox: "a@b.c" }, { idempotent: true }),
      (error: unknown) => error instanceof EwsError && error.kind === "timeout",
    );
  } finally {
    client.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fake.server.close();
  }
});

Deno.test("client: throttled idempotent requests back off and retry", async () => {
  const fake = await fakeExchange((n) => (n < 3 ? { status: 500, body: busy } : { body: ok }));
  const client = new EwsClient({ endpoint: fake.url, auth: basicAuth("a", "b"), maxRetries: 2 });
  try {
    await client.call(op, { anchorMailbox: "a@b.c" }, { idempotent: true });
    assert.equal(fake.seen.length, 3);
  } finally {
    client.close();
    await fake.server.close();
  }
});

Deno.test("client: a throttled send is never retried (no duplicate mail)", async () => {
  const fake = await fakeExchange(() => ({ status: 500, body: busy }));
  const client = new EwsClient({ endpoint: fake.url, auth: basicAuth("a", "b") });
  try {
    await assert.rejects(
      client.call(x("m:CreateItem", null), { anchorMailbox: "a@b.c" }, { idempotent: false }),
      (error: unknown) => error instanceof EwsError && error.kind === "throttled",
    );
    assert.equal(fake.seen.length, 1);
  } finally {
    client.close();
    await fake.server.close();
  }
});

Deno.test("client: an unreachable server is a network error with a hint", async () => {
  const client = new EwsClient({
    endpoint: new URL("http://127.0.0.1:1/EWS/Exchange.asmx"),
    auth: basicAuth("a", "b"),
  });
  try {
    await assert.rejects(
      client.call(op, { anchorMailbox: "a@b.c" }, { idempotent: true }),
      (error: unknown) =>
        error instanceof EwsError && error.kind === "network" &&
        /EWS_SERVER_URL/.test(error.describe()),
    );
  } finally {
    client.close();
  }
});
