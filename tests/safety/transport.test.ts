/**
 * The transport and client on real sockets: a write is written once and never again, whatever
 * happens to its connection; every failure says whether the request may have reached Exchange;
 * reads reuse kept-alive connections; replies are capped; TLS exposes the peer certificate.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { basicAuth } from "../../ews/auth/basic.ts";
import type { AuthScheme } from "../../ews/auth/scheme.ts";
import { EwsClient } from "../../ews/client.ts";
import { EwsError } from "../../ews/errors.ts";
import { primaryContext } from "../../ews/mailbox/context.ts";
import { sendMessage } from "../../ews/ops/items.ts";
import { type HttpConnection, HttpTransport } from "../../ews/transport.ts";
import { NS, x } from "../../ews/xml/mod.ts";
import { serveHttp } from "../../server/runtime.ts";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { type Fault, FAULTS, startFaultProxy } from "./fault_proxy.ts";

const alex = DEMO_ACCOUNTS[0];
const okReply =
  `<s:Envelope xmlns:s="${NS.soap}"><s:Body><m:GetFolderResponse xmlns:m="${NS.messages}">` +
  `<m:ResponseMessages/></m:GetFolderResponse></s:Body></s:Envelope>`;
const ctx = primaryContext(alex.email);
const getInbox = x(
  "m:GetFolder",
  null,
  x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
  x("m:FolderIds", null, x("t:DistinguishedFolderId", { Id: "inbox" })),
);

async function setup(timeoutMs = 3000) {
  const sim = await startSimulator();
  const proxy = await startFaultProxy(sim.url);
  const client = new EwsClient({
    endpoint: new URL(proxy.url),
    auth: basicAuth(alex.email, alex.password),
    timeoutMs,
  });
  const inbox = (subject: string) => {
    const pat = sim.organisation.mailbox("pat@contoso.test")!;
    return pat.itemsIn(pat.folder("inbox")!.key).filter((i) => i.subject === subject).length;
  };
  return {
    sim,
    proxy,
    client,
    inbox,
    async close() {
      client.close();
      await proxy.close();
      await sim.close();
    },
  };
}

const message = (subject: string) => ({
  to: ["pat@contoso.test"],
  subject,
  body: "once",
  bodyFormat: "text" as const,
});

for (const fault of FAULTS) {
  Deno.test(`a write meeting "${fault}" after Exchange read it goes out once and may-have-been-delivered`, async () => {
    const t = await setup();
    try {
      await t.client.call(getInbox, ctx.target, { idempotent: true }); // a kept-alive connection
      t.proxy.arm("CreateItem", fault as Fault);
      const error = await sendMessage(t.client, ctx, message(`w ${fault}`)).then(
        () => undefined,
        (e) => e,
      );
      assert.ok(error instanceof EwsError, String(error));
      assert.equal(error.maybeDelivered, true, error.message);
      assert.equal(t.proxy.seen.CreateItem, 1, "written once, never replayed");
      assert.equal(t.inbox(`w ${fault}`), 1, "delivered once");
    } finally {
      await t.close();
    }
  });
}

Deno.test("reads reuse one kept-alive connection; each write gets a fresh one", async () => {
  const t = await setup();
  try {
    for (let i = 0; i < 3; i++) await t.client.call(getInbox, ctx.target, { idempotent: true });
    assert.equal(t.proxy.connections, 1);
    await sendMessage(t.client, ctx, message("fresh 1"));
    assert.equal(t.proxy.connections, 2);
    await sendMessage(t.client, ctx, message("fresh 2"));
    assert.equal(t.proxy.connections, 3);
    await t.client.call(getInbox, ctx.target, { idempotent: true });
    assert.equal(t.proxy.connections, 3, "the write's connection serves reads afterwards");
  } finally {
    await t.close();
  }
});

Deno.test("a read whose kept-alive connection drops is repeated once on a fresh one", async () => {
  const t = await setup();
  try {
    await t.client.call(getInbox, ctx.target, { idempotent: true });
    t.proxy.arm("GetFolder", "drop");
    await t.client.call(getInbox, ctx.target, { idempotent: true });
    assert.equal(t.proxy.seen.GetFolder, 3);
  } finally {
    await t.close();
  }
});

Deno.test("a refused connection never reached Exchange (maybeDelivered false)", async () => {
  const client = new EwsClient({
    endpoint: new URL("http://127.0.0.1:1/EWS/Exchange.asmx"),
    auth: basicAuth("a", "b"),
  });
  try {
    const error = await sendMessage(client, ctx, message("never")).catch((e) => e);
    assert.ok(error instanceof EwsError);
    assert.equal(error.kind, "network");
    assert.equal(error.maybeDelivered, false);
  } finally {
    client.close();
  }
});

Deno.test("a SOAP fault is a definite answer: the request was not carried out", async () => {
  const t = await setup();
  try {
    t.sim.failNext(1, { responseCode: "ErrorServerBusy", backOffMs: 10 });
    const error = await sendMessage(t.client, ctx, message("busy")).catch((e) => e);
    assert.equal(error.kind, "throttled");
    assert.equal(error.maybeDelivered, false);
    t.sim.failNext(1, { status: 401 });
    const denied = await sendMessage(t.client, ctx, message("401")).catch((e) => e);
    assert.equal(denied.maybeDelivered, false);
  } finally {
    await t.close();
  }
});

/** A raw HTTP server answering every request with `respond(socket)`. */
async function rawServer(respond: (socket: net.Socket) => void) {
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.once("data", () => respond(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/EWS`);
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const post = (url: URL) => ({ url, headers: {}, body: "<x/>", timeoutMs: 2000 });

Deno.test("replies over the size cap are refused while reading (Content-Length and chunked)", async () => {
  const big = await rawServer((s) => s.end("HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\n"));
  const chunked = await rawServer((s) => {
    s.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (let i = 0; i < 8; i++) s.write(`100\r\n${"a".repeat(256)}\r\n`);
    s.end("0\r\n\r\n");
  });
  const transport = new HttpTransport({ maxResponseBytes: 1024 });
  try {
    for (const server of [big, chunked]) {
      const error = await transport.send(post(server.url)).catch((e) => e);
      assert.ok(error instanceof EwsError);
      assert.match(error.message, /larger than/);
    }
  } finally {
    transport.close();
    await big.close();
    await chunked.close();
  }
});

Deno.test("chunked replies after a 100 Continue are read whole", async () => {
  const server = await rawServer((s) =>
    s.end(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" +
        "WWW-Authenticate: NTLM\r\nWWW-Authenticate: Negotiate\r\n\r\n" +
        "6;ext=1\r\nhällo\r\n3\r\n wo\r\n0\r\nX-Trailer: 1\r\n\r\n",
    )
  );
  const transport = new HttpTransport();
  try {
    const response = await transport.send(post(server.url));
    assert.equal(response.status, 200);
    assert.equal(response.body, "hällo wo");
    assert.deepEqual(response.headers["www-authenticate"], ["NTLM", "Negotiate"]);
  } finally {
    transport.close();
    await server.close();
  }
});

Deno.test("connections are lent explicitly: one exchange at a time, the pool is capped", async () => {
  const sim = await startSimulator();
  const transport = new HttpTransport({ maxSockets: 1 });
  const url = new URL(sim.url);
  try {
    const first = await transport.acquire(url);
    let second = false;
    const waiting = transport.acquire(url).then((c) => (second = true, c));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(second, false, "waits while the only connection is lent");
    transport.release(first);
    const again = await waiting;
    assert.equal(again, first, "the idle connection is reused");
    assert.equal(again.peerCertificate(), undefined, "no certificate over plain HTTP");
    transport.release(again);
    const fresh = await transport.acquire(url, { fresh: true });
    assert.notEqual(fresh, first, "fresh: a new connection");
    transport.release(fresh);
    assert.equal(transport.openConnections(url), 1);
  } finally {
    transport.close();
    await sim.close();
  }
});

function openssl(args: string[]): boolean {
  try {
    return new Deno.Command("openssl", { args, stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

Deno.test("TLS: a private CA is trusted via `ca`, the peer certificate is exposed as DER", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ews-tls-"));
  const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  const made = openssl([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ]);
  if (!made) return console.warn("openssl not available; TLS test skipped");
  const pem = readFileSync(cert, "utf8");
  const server = tls.createServer({ key: readFileSync(key), cert: pem }, (socket) => {
    socket.on("error", () => {});
    socket.once("data", () => socket.end("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(`https://localhost:${(server.address() as net.AddressInfo).port}/EWS`);
  const trusted = new HttpTransport({ ca: pem });
  const untrusted = new HttpTransport();
  try {
    const connection = await trusted.acquire(url);
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    assert.deepEqual(Buffer.from(connection.peerCertificate()!), der);
    assert.equal((await connection.send(post(url))).body, "ok");
    trusted.release(connection);
    const error = await untrusted.send(post(url)).catch((e) => e);
    assert.ok(error instanceof EwsError);
    assert.equal(error.maybeDelivered, false);
    assert.match(error.describe(), /EWS_CA_FILE/);
  } finally {
    trusted.close();
    untrusted.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

Deno.test("seam for connection-bound auth: handshake once per connection, again on a new one", async () => {
  // A server that, like NTLM, authenticates a connection: "Hello" gets a 401 challenge, "Token"
  // on the same connection completes it, and later requests on it need no header.
  const authenticated = new Set<number>();
  let handshakes = 0;
  const server = await serveHttp(async (request, info) => {
    await request.text();
    const auth = request.headers.get("authorization");
    if (auth === "Hello") {
      return new Response("", { status: 401, headers: { "WWW-Authenticate": "Test challenge" } });
    }
    if (auth === "Token") {
      handshakes++;
      authenticated.add(info.remotePort);
    }
    if (!authenticated.has(info.remotePort)) return new Response("", { status: 401 });
    return new Response(okReply, { headers: { "Content-Type": "text/xml" } });
  }, { hostname: "127.0.0.1", port: 0 });
  const done = new WeakSet<HttpConnection>();
  const scheme: AuthScheme = {
    name: "test",
    connectionBound: true,
    async exchange(send, connection) {
      if (done.has(connection)) return await send({});
      const challenge = await send({ Authorization: "Hello" });
      assert.equal(challenge.headers["www-authenticate"], "Test challenge");
      const response = await send({ Authorization: "Token" });
      done.add(connection);
      return response;
    },
  };
  const transport = new HttpTransport({ maxSockets: 2 });
  const endpoint = new URL(`http://127.0.0.1:${server.port}/EWS/Exchange.asmx`);
  const client = new EwsClient({ endpoint, auth: scheme, transport });
  try {
    for (let i = 0; i < 3; i++) await client.call(getInbox, ctx.target, { idempotent: true });
    assert.equal(handshakes, 1, "reads reuse the authenticated connection");
    await client.call(x("m:CreateItem", null), ctx.target, { idempotent: false });
    assert.equal(handshakes, 2, "a write authenticates its fresh connection first");
    // Drop the idle connections: the next read authenticates a new one.
    const idle = [await transport.acquire(endpoint), await transport.acquire(endpoint)];
    for (const c of idle) {
      c.close();
      transport.release(c);
    }
    await client.call(getInbox, ctx.target, { idempotent: true });
    assert.equal(handshakes, 3);
  } finally {
    client.close();
    await server.close();
  }
});
