/**
 * Who may talk to the server at all: Host and Origin allow-lists (any case, also on 0.0.0.0),
 * X-Forwarded-* believed only from trusted proxies, and no exposed bind without authentication.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { createAuthenticator } from "../../server/auth.ts";
import { exposureProblems, type HttpServerOptions } from "../../server/http.ts";
import { silentLogger } from "../../ews/log.ts";
import { bearer, INITIALIZE, KEY_A, startHttpHarness } from "./support.ts";

/** A raw request with whatever Host the test wants (fetch would set its own). */
function rawPost(
  url: URL,
  headers: Record<string, string>,
  body: unknown = INITIALIZE,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        ...headers,
      },
    }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

Deno.test("hosts: by default only localhost names are accepted; a spoofed Host is refused", async () => {
  const h = await startHttpHarness();
  try {
    assert.equal((await rawPost(h.url, { Host: `localhost:${h.url.port}` })).status, 200);
    const spoofed = await rawPost(h.url, { Host: "attacker.example" });
    assert.equal(spoofed.status, 403);
    assert.match(spoofed.text, /Host not allowed/);
  } finally {
    await h.close();
  }
});

Deno.test("hosts: MCP_ALLOWED_HOSTS is compared without regard to case, and other names are refused", async () => {
  const h = await startHttpHarness({
    MCP_ALLOWED_HOSTS: "MCP.Contoso.COM",
    MCP_API_KEYS: `a:${KEY_A}`,
  });
  try {
    assert.equal((await rawPost(h.url, { Host: "mcp.contoso.com", ...bearer(KEY_A) })).status, 200);
    assert.equal(
      (await rawPost(h.url, { Host: "MCP.CONTOSO.com:443", ...bearer(KEY_A) })).status,
      200,
    );
    // A valid key does not make a foreign Host acceptable.
    assert.equal((await rawPost(h.url, { Host: "evil.example", ...bearer(KEY_A) })).status, 403);
    assert.equal(
      (await rawPost(h.url, { Host: `127.0.0.1:${h.url.port}`, ...bearer(KEY_A) })).status,
      403,
    );
  } finally {
    await h.close();
  }
});

Deno.test("origins: follow the Host allow-list; a foreign Origin is refused", async () => {
  const h = await startHttpHarness({ MCP_ALLOWED_HOSTS: "mcp.contoso.com" });
  try {
    const host = { Host: "mcp.contoso.com" };
    assert.equal(
      (await rawPost(h.url, { ...host, Origin: "https://mcp.contoso.com" })).status,
      200,
    );
    assert.equal(
      (await rawPost(h.url, { ...host, Origin: "https://MCP.contoso.com:8443" })).status,
      200,
    );
    for (const origin of ["https://evil.example", "http://localhost:3000", "null", "not a url"]) {
      const refused = await rawPost(h.url, { ...host, Origin: origin });
      assert.equal(refused.status, 403, origin);
      assert.match(refused.text, /Origin not allowed/);
    }
  } finally {
    await h.close();
  }
});

Deno.test("origins: MCP_ALLOWED_ORIGINS names a web app's origin explicitly", async () => {
  const h = await startHttpHarness({
    MCP_ALLOWED_HOSTS: "mcp.contoso.com",
    MCP_ALLOWED_ORIGINS: "https://chat.contoso.com",
  });
  try {
    const host = { Host: "mcp.contoso.com" };
    assert.equal(
      (await rawPost(h.url, { ...host, Origin: "https://chat.contoso.com" })).status,
      200,
    );
    assert.equal(
      (await rawPost(h.url, { ...host, Origin: "http://chat.contoso.com" })).status,
      403,
    );
    assert.equal(
      (await rawPost(h.url, { ...host, Origin: "https://mcp.contoso.com" })).status,
      403,
    );
  } finally {
    await h.close();
  }
});

Deno.test("forwarded headers: X-Forwarded-Host is believed from a trusted proxy only", async () => {
  const untrusted = await startHttpHarness({
    MCP_ALLOWED_HOSTS: "mcp.contoso.com",
    MCP_TRUSTED_PROXIES: "10.0.0.0/8",
  });
  try {
    const spoof = await rawPost(untrusted.url, {
      Host: "evil.example",
      "X-Forwarded-Host": "mcp.contoso.com",
    });
    assert.equal(spoof.status, 403, "an untrusted peer cannot pick the Host it is checked as");
  } finally {
    await untrusted.close();
  }
  const trusted = await startHttpHarness({
    MCP_ALLOWED_HOSTS: "mcp.contoso.com",
    MCP_TRUSTED_PROXIES: "127.0.0.1",
  });
  try {
    const proxied = await rawPost(trusted.url, {
      Host: "backend:8000",
      "X-Forwarded-Host": "mcp.contoso.com",
    });
    assert.equal(proxied.status, 200);
  } finally {
    await trusted.close();
  }
});

Deno.test("forwarded headers: an untrusted peer cannot dodge the rate limit with X-Forwarded-For", async () => {
  const h = await startHttpHarness({ MCP_RATE_LIMIT: "2", MCP_TRUSTED_PROXIES: "10.0.0.0/8" });
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await rawPost(h.url, {
          Host: "localhost",
          "X-Forwarded-For": `192.0.2.${i + 1}`,
        })).status,
      );
    }
    assert.deepEqual(statuses, [200, 200, 429]);
  } finally {
    await h.close();
  }
  const viaProxy = await startHttpHarness({
    MCP_RATE_LIMIT: "2",
    MCP_TRUSTED_PROXIES: "127.0.0.1",
  });
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await rawPost(viaProxy.url, {
          Host: "localhost",
          "X-Forwarded-For": `192.0.2.${i + 1}`,
        })).status,
      );
    }
    assert.deepEqual(
      statuses,
      [200, 200, 200],
      "behind a trusted proxy each client has its own budget",
    );
  } finally {
    await viaProxy.close();
  }
});

Deno.test("bind: a non-loopback address needs client authentication and MCP_ALLOWED_HOSTS", () => {
  const base: HttpServerOptions = {
    host: "0.0.0.0",
    port: 0,
    path: "/mcp",
    authenticator: createAuthenticator([]),
    maxBodyBytes: 1024,
    logger: silentLogger,
  };
  assert.equal(exposureProblems(base).length, 2);
  assert.match(exposureProblems(base)[0], /no client authentication/);
  assert.equal(exposureProblems({ ...base, allowedHosts: ["mcp.contoso.com"] }).length, 1);
  assert.deepEqual(
    exposureProblems({ ...base, allowedHosts: ["mcp.contoso.com"], allowUnauthenticated: true }),
    [],
  );
  assert.deepEqual(
    exposureProblems({
      ...base,
      allowedHosts: ["mcp.contoso.com"],
      authenticator: createAuthenticator([{ name: "a", key: KEY_A }]),
    }),
    [],
  );
  assert.deepEqual(exposureProblems({ ...base, host: "127.0.0.1" }), []);
});

Deno.test("bind: on 0.0.0.0 the Host and Origin checks still apply", async () => {
  const h = await startHttpHarness(
    { MCP_ALLOWED_HOSTS: "mcp.contoso.com", MCP_ALLOW_UNAUTHENTICATED: "true" },
    { host: "0.0.0.0" },
  );
  try {
    assert.equal((await rawPost(h.url, { Host: "mcp.contoso.com" })).status, 200);
    assert.equal((await rawPost(h.url, { Host: "evil.example" })).status, 403);
    assert.equal(
      (await rawPost(h.url, { Host: "mcp.contoso.com", Origin: "https://evil.example" })).status,
      403,
    );
    assert.ok(h.logs.some((l) => /without client authentication/.test(l)), "warned");
  } finally {
    await h.close();
  }
});
