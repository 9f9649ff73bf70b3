/** The timeouts bound clients that send slowly, not answers that take long. */
import assert from "node:assert/strict";
import { serveWithTimeouts } from "../../server/runtime.ts";

Deno.test("runtime: a slow answer (long tool call, event stream) outlives the request timeout", async () => {
  const server = await serveWithTimeouts(async (request) => {
    if (request.method === "POST") await request.text();
    await new Promise((resolve) => setTimeout(resolve, 900));
    return new Response(`${request.method} done`);
  }, {
    hostname: "127.0.0.1",
    port: 0,
    headersTimeoutMs: 300,
    requestTimeoutMs: 300,
    idleTimeoutMs: 300,
  });
  try {
    const url = `http://127.0.0.1:${server.port}/`;
    assert.equal(await (await fetch(url)).text(), "GET done");
    assert.equal(await (await fetch(url, { method: "POST", body: "{}" })).text(), "POST done");
  } finally {
    await server.close(0);
  }
});

Deno.test("runtime: close() lets a request in flight finish, then stops", async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = await serveWithTimeouts(async () => {
    await held;
    return new Response("finished");
  }, { hostname: "127.0.0.1", port: 0 });
  const answer = fetch(`http://127.0.0.1:${server.port}/`).then((r) => r.text());
  while (server.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const closing = server.close(10_000);
  release();
  assert.equal(await answer, "finished");
  await closing;
  assert.equal(server.inFlight, 0);
});
