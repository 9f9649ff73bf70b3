/** Static API keys over HTTP: who gets in, who does not, and where keys are never read from. */
import assert from "node:assert/strict";
import { bearer, call, INITIALIZE, KEY_A, KEY_B, startHttpHarness } from "./support.ts";

const KEYS = { MCP_API_KEYS: `team-a:${KEY_A},team-b:${KEY_B}` };

Deno.test("api keys: no header, a wrong key of the same length, or a prefix are all refused", async () => {
  const h = await startHttpHarness(KEYS);
  try {
    const none = await h.post(INITIALIZE);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="ews-mcp"');
    const wrong = KEY_A.slice(0, -1) + (KEY_A.endsWith("f") ? "e" : "f");
    const refused = await h.post(INITIALIZE, bearer(wrong));
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get("www-authenticate") ?? "", /^Bearer .*error="invalid_token"/);
    assert.equal((await h.post(INITIALIZE, bearer(KEY_A.slice(0, 10)))).status, 401);
    assert.equal((await h.post(INITIALIZE, bearer(KEY_A + "x"))).status, 401);
    assert.equal(
      (await h.post(INITIALIZE, { Authorization: `Basic ${btoa("a:" + KEY_A)}` })).status,
      401,
    );
    assert.equal(h.sim.stats.requests, 0, "nothing reached Exchange");
  } finally {
    await h.close();
  }
});

Deno.test("api keys: each named key works and the audit log names its caller", async () => {
  const h = await startHttpHarness(KEYS);
  try {
    for (const [key, name] of [[KEY_A, "team-a"], [KEY_B, "team-b"]]) {
      const reply = await h.post(
        call("get_oof_settings", { target_mailbox: "sales@contoso.test" }),
        bearer(key),
      );
      assert.equal(reply.status, 200);
      assert.equal(reply.body.result.structuredContent.mailbox, "sales@contoso.test");
      assert.ok(
        h.audit().some((line) => line.caller === name && line.outcome === "success"),
        `audit names ${name}`,
      );
    }
  } finally {
    await h.close();
  }
});

Deno.test("api keys: MCP_AUTH_TOKEN still works, as one unnamed key", async () => {
  const h = await startHttpHarness({ MCP_AUTH_TOKEN: "legacy-token-0123456789" });
  try {
    assert.equal((await h.post(INITIALIZE)).status, 401);
    assert.equal((await h.post(INITIALIZE, bearer("legacy-token-0123456780"))).status, 401);
    assert.equal((await h.post(INITIALIZE, bearer("legacy-token-0123456789"))).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("api keys: a key in the query string is refused, even next to a valid header", async () => {
  const h = await startHttpHarness(KEYS);
  try {
    for (const param of ["access_token", "api_key", "key", "token"]) {
      const url = new URL(h.url);
      url.searchParams.set(param, KEY_A);
      const alone = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
        },
        body: JSON.stringify(INITIALIZE),
      });
      assert.equal(alone.status, 400, param);
      assert.match(await alone.text(), /not accepted in the URL/);
      const both = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          ...bearer(KEY_B),
        },
        body: JSON.stringify(INITIALIZE),
      });
      assert.equal(both.status, 400, `${param} with a header`);
      await both.body?.cancel();
    }
  } finally {
    await h.close();
  }
});

Deno.test("api keys: the credential is never passed on to Exchange", async () => {
  const h = await startHttpHarness(KEYS);
  try {
    const reply = await h.post(call("read_emails", { max_results: 1 }), bearer(KEY_A));
    assert.equal(reply.status, 200);
    assert.ok(h.ewsHeaders.length > 0);
    for (const headers of h.ewsHeaders) {
      const auth = headers.get("authorization") ?? "";
      assert.match(auth, /^Basic /);
      assert.ok(!auth.includes(KEY_A) && !atob(auth.slice(6)).includes(KEY_A));
      for (const [, value] of headers) assert.ok(!value.includes(KEY_A));
    }
  } finally {
    await h.close();
  }
});

Deno.test("auth happens before the body is read: a body that never ends still gets 401", async () => {
  const h = await startHttpHarness(KEYS);
  try {
    // The body stream stays open: a server that read the body first would never answer.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"params":' + "[".repeat(1000)),
        );
      },
    });
    const response = await fetch(h.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
      // @ts-ignore: streamed request bodies need it
      duplex: "half",
      signal: AbortSignal.timeout(15_000),
    });
    assert.equal(response.status, 401);
    await response.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("rate limit: a caller over its budget gets 429 with Retry-After; others are unaffected", async () => {
  const h = await startHttpHarness({ ...KEYS, MCP_RATE_LIMIT: "3" });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await h.post(INITIALIZE, bearer(KEY_A))).status, 200);
    const limited = await h.post(INITIALIZE, bearer(KEY_A));
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await h.post(INITIALIZE, bearer(KEY_B))).status, 200);
  } finally {
    await h.close();
  }
});

Deno.test("guessing keys: after 30 failures a client address is refused without a check", async () => {
  const h = await startHttpHarness(KEYS);
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await h.post(INITIALIZE, bearer(`guess-${i}-0123456789abcdef`))).status);
    }
    assert.deepEqual(new Set(statuses.slice(0, 30)), new Set([401]));
    assert.equal(statuses[30], 429);
    // Even the right key waits: the address is blocked, not the key.
    const blocked = await h.post(INITIALIZE, bearer(KEY_A));
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get("retry-after")) >= 1);
  } finally {
    await h.close();
  }
});
