/**
 * JSON-RPC answers for what cannot be served (bad params, malformed or oversized messages, deep
 * nesting) over HTTP, and the limits that keep slow or idle clients from holding connections.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { maxMessageBytes } from "../../server/limits.ts";
import { selectTools } from "../../tools/registry.ts";
import { startHarness } from "../support/harness.ts";
import { INITIALIZE, startHttpHarness } from "./support.ts";

Deno.test("http: malformed JSON gets a JSON-RPC -32700 body, not plain text", async () => {
  const h = await startHttpHarness();
  try {
    const reply = await h.post('{"jsonrpc":"2.0","id":1,"method":');
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, -32700);
    assert.equal(reply.body.id, null);
  } finally {
    await h.close();
  }
});

Deno.test("http: JSON nested deeper than 64 levels is refused before parsing", async () => {
  const h = await startHttpHarness();
  try {
    const deep = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":${"[".repeat(65)}${
      "]".repeat(65)
    }}}`;
    const reply = await h.post(deep);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, -32700);
    assert.match(reply.body.error.message, /nested deeper than 64/);
    const fine = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":${"[".repeat(40)}${
      "]".repeat(40)
    }}}`;
    assert.equal((await h.post(fine)).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("http: a body over the limit gets 413, and the limit covers the largest tool argument", async () => {
  const tools = selectTools({
    enabledAreas: new Set(["email", "folders", "oof", "attachments"]),
    readOnly: false,
  });
  // The largest call send_email accepts, every body character a 3-byte UTF-8 one.
  const largest = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: {
      name: "send_email",
      arguments: { to: ["a@contoso.test"], subject: "€".repeat(255), body: "€".repeat(4_000_000) },
    },
  });
  assert.ok(maxMessageBytes(tools) >= new TextEncoder().encode(largest).length);
  const h = await startHttpHarness({}, { maxBodyBytes: 2048 });
  try {
    const reply = await h.post({ ...INITIALIZE, padding: "x".repeat(4096) });
    assert.equal(reply.status, 413);
  } finally {
    await h.close();
  }
});

Deno.test("bad params on initialize and tools/list: -32602 with a short message", async () => {
  const h = await startHttpHarness();
  try {
    const init = await h.post({ ...INITIALIZE, params: { protocolVersion: 5 } });
    assert.equal(init.body.error.code, -32602);
    assert.match(
      init.body.error.message,
      /^Invalid params: params\.protocolVersion: expected string/,
    );
    assert.ok(init.body.error.message.length < 300 && !init.body.error.message.includes("\n"));
    const list = await h.post({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/list",
      params: { cursor: 5 },
    });
    assert.equal(list.body.error.code, -32602);
    assert.match(list.body.error.message, /params\.cursor/);
  } finally {
    await h.close();
  }
  const local = await startHarness();
  try {
    // The same fix holds on the in-process (and stdio) path: the SDK client sends a bad cursor.
    await assert.rejects(
      () =>
        local.client.request({ method: "tools/list", params: { cursor: 5 as unknown as string } }),
      (error: { code?: number }) => error.code === -32602,
    );
  } finally {
    await local.close();
  }
});

Deno.test("tools.listChanged is not advertised when the tool list cannot change", async () => {
  const h = await startHttpHarness();
  try {
    const init = await h.post(INITIALIZE);
    assert.equal(init.body.result.capabilities.tools.listChanged, false);
  } finally {
    await h.close();
  }
});

/** Opens a raw connection, optionally writes, and resolves when the server closes it. */
function closedByServer(port: number, write?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      if (write) socket.write(write);
    });
    let received = "";
    socket.on("data", (chunk) => (received += chunk));
    socket.on("close", () => resolve(received));
    socket.on("error", () => {});
    setTimeout(() => {
      socket.destroy();
      reject(new Error("the server kept the connection open"));
    }, 15_000);
  });
}

Deno.test("timeouts: silent, trickling and idle keep-alive connections are closed by the server", async () => {
  const h = await startHttpHarness({}, {
    timeouts: { headersTimeoutMs: 300, requestTimeoutMs: 1_000, idleTimeoutMs: 300 },
  });
  try {
    const port = h.server.port;
    await closedByServer(port); // connects and says nothing
    await closedByServer(port, "POST /mcp HTTP/1.1\r\nHost: localhost\r\n"); // never ends headers
    const slowBody = await closedByServer(
      port,
      "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
        "Content-Length: 1000\r\n\r\n{",
    );
    assert.ok(!slowBody.includes("200 OK"));
    const idle = await closedByServer(port, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert.match(idle, /200 OK/, "answered, then closed once idle");
  } finally {
    await h.close();
  }
});
