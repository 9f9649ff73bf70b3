/**
 * OAuth 2.1 resource-server mode: JWTs checked against a JWKS this test serves itself, RFC 9728
 * metadata, the 401/403 challenges, and per-token mailbox claims.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { bearer, call, type HttpHarness, INITIALIZE, startHttpHarness } from "./support.ts";

const ISSUER = "https://login.contoso.test";
const AUDIENCE = "https://mcp.contoso.test/mcp";

async function withOAuth(
  fn: (h: HttpHarness, sign: Signer, jwks: { down: boolean }) => Promise<void>,
) {
  const state = { down: false };
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const stranger = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const jwks = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => state.down ? new Response("down", { status: 502 }) : Response.json({ keys: [jwk] }),
  );
  const h = await startHttpHarness({
    MCP_OAUTH_JWKS_URL: `http://127.0.0.1:${jwks.addr.port}/jwks.json`,
    MCP_OAUTH_ISSUER: ISSUER,
    MCP_OAUTH_AUDIENCE: AUDIENCE,
    MCP_OAUTH_SCOPES: "mail.read",
    MCP_OAUTH_MAILBOX_CLAIM: "mailboxes",
    MCP_PUBLIC_URL: "https://mcp.contoso.test",
  });
  const now = Math.floor(Date.now() / 1000);
  const sign: Signer = (claims = {}, options = {}) => {
    const payload: JWTPayload = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: "user-42",
      scope: "mail.read",
      iat: now,
      nbf: now - 10,
      exp: now + 600,
      ...claims,
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .sign(options.stranger ? stranger.privateKey : privateKey);
  };
  try {
    await fn(h, sign, state);
  } finally {
    await h.close();
    await jwks.shutdown();
  }
}

type Signer = (claims?: JWTPayload, options?: { stranger?: boolean }) => Promise<string>;

Deno.test("oauth: a valid token is served; the token never reaches Exchange", async () => {
  await withOAuth(async (h, sign) => {
    const token = await sign({ mailboxes: "*@contoso.test" });
    assert.equal((await h.post(INITIALIZE, bearer(token))).status, 200);
    const reply = await h.post(call("read_emails", { max_results: 1 }), bearer(token));
    assert.equal(reply.body.result.isError ?? false, false);
    for (const headers of h.ewsHeaders) {
      for (const [, value] of headers) assert.ok(!value.includes(token.slice(0, 40)));
      assert.match(headers.get("authorization") ?? "", /^Basic /);
    }
  });
});

Deno.test("oauth: missing, expired, not-yet-valid, wrong-audience, wrong-issuer, foreign-key and unsigned tokens get 401", async () => {
  await withOAuth(async (h, sign) => {
    const now = Math.floor(Date.now() / 1000);
    const header = btoa(JSON.stringify({ alg: "none" })).replace(/=+$/, "");
    const unsignedBody = btoa(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, exp: now + 60 }))
      .replace(/=+$/, "");
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      expired: await sign({ exp: now - 120, iat: now - 900 }),
      "not yet valid": await sign({ nbf: now + 600 }),
      "wrong audience": await sign({ aud: "https://other.contoso.test/mcp" }),
      "wrong issuer": await sign({ iss: "https://evil.example" }),
      "foreign key": await sign({}, { stranger: true }),
      "no expiry": await sign({ exp: undefined }),
      unsigned: `${header}.${unsignedBody}.`,
    };
    for (const [name, token] of Object.entries(cases)) {
      const reply = await h.post(INITIALIZE, token ? bearer(token) : {});
      assert.equal(reply.status, 401, name);
      const challenge = reply.headers.get("www-authenticate") ?? "";
      assert.match(
        challenge,
        /resource_metadata="https:\/\/mcp\.contoso\.test\/\.well-known\/oauth-protected-resource\/mcp"/,
        name,
      );
    }
    assert.equal(h.sim.stats.requests, 0);
  });
});

Deno.test("oauth: a token without the required scope gets 403 insufficient_scope", async () => {
  await withOAuth(async (h, sign) => {
    const reply = await h.post(INITIALIZE, bearer(await sign({ scope: "profile" })));
    assert.equal(reply.status, 403);
    assert.match(reply.headers.get("www-authenticate") ?? "", /error="insufficient_scope"/);
    assert.match(reply.headers.get("www-authenticate") ?? "", /scope="mail\.read"/);
  });
});

Deno.test("oauth: protected-resource metadata (RFC 9728) names the resource and its issuer", async () => {
  await withOAuth(async (h) => {
    for (
      const path of [
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
      ]
    ) {
      const response = await fetch(new URL(path, h.url));
      assert.equal(response.status, 200);
      const metadata = await response.json();
      assert.equal(metadata.resource, "https://mcp.contoso.test/mcp");
      assert.deepEqual(metadata.authorization_servers, [ISSUER]);
      assert.deepEqual(metadata.scopes_supported, ["mail.read"]);
      assert.deepEqual(metadata.bearer_methods_supported, ["header"]);
    }
  });
});

Deno.test("oauth: a token's mailbox claim limits it; denials name its subject", async () => {
  await withOAuth(async (h, sign) => {
    const token = await sign({ mailboxes: ["sales@contoso.test"] });
    const ok = await h.post(
      call("get_oof_settings", { target_mailbox: "sales@contoso.test" }),
      bearer(token),
    );
    assert.equal(ok.body.result.isError ?? false, false);
    const denied = await h.post(
      call("get_oof_settings", { target_mailbox: "pat@contoso.test" }),
      bearer(token),
    );
    assert.equal(denied.body.result.isError, true);
    assert.equal(h.audit().find((l) => l.outcome === "denied")?.caller, "oauth:user-42");
    // With the claim configured, a token that carries none reaches no mailbox (fails closed).
    const bare = await h.post(call("get_oof_settings", {}), bearer(await sign()));
    assert.equal(bare.body.result.isError, true);
  });
});

Deno.test("oauth: when the issuer's keys cannot be fetched, 503 (not 401: the token may be fine)", async () => {
  await withOAuth(async (h, sign, jwks) => {
    jwks.down = true;
    const reply = await h.post(INITIALIZE, bearer(await sign({ mailboxes: "*@contoso.test" })));
    assert.equal(reply.status, 503);
    assert.ok(reply.headers.get("retry-after"));
  });
});
