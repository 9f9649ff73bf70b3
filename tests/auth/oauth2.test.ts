/**
 * OAuth2 client credentials and static bearer tokens against the simulator's token endpoint:
 * tokens cached and refreshed ahead of expiry, one refresh at a time, one fresh try on a 401,
 * and ExchangeImpersonation on every app-only request but never with a delegated token.
 */
import assert from "node:assert/strict";
import {
  DEMO_ACCOUNTS,
  DEMO_APP,
  DEMO_TENANT,
  EWS_SCOPE,
  type RunningSimulator,
} from "../../sim/mod.ts";
import { envelope, findItem, folderId } from "../sim/helpers.ts";
import { startHarness } from "../support/harness.ts";

const oauthEnv = (sim: RunningSimulator) => ({
  EWS_AUTH_TYPE: "oauth2",
  EWS_CLIENT_ID: DEMO_APP.clientId,
  EWS_CLIENT_SECRET: DEMO_APP.secret!,
  EWS_TENANT_ID: DEMO_TENANT,
  EWS_OAUTH_AUTHORITY: sim.authority,
});

const impersonates = (request: string, address: string) =>
  request.includes("ExchangeImpersonation") && request.includes(`>${address}<`);

Deno.test("oauth2: an app-only token impersonates even the configured mailbox", async () => {
  const h = await startHarness({ env: oauthEnv, validateSchema: true, record: true });
  try {
    const own = await h.call("read_emails", { max_results: 1 });
    assert.equal(own.isError, false, own.text);
    assert.equal(own.data.mailbox, "alex@contoso.test");
    const ceo = await h.call("read_emails", { max_results: 1, target_mailbox: "ceo@contoso.test" });
    assert.equal(ceo.isError, false, ceo.text); // full_access_as_app reaches every mailbox
    assert.ok(h.sim.exchanges.length > 0);
    for (const exchange of h.sim.exchanges) {
      assert.ok(/ExchangeImpersonation/.test(exchange.request), exchange.operation);
    }
    assert.ok(h.sim.exchanges.some((e) => impersonates(e.request, "alex@contoso.test")));
  } finally {
    await h.close();
  }
});

Deno.test("oauth2: the token is cached, and parallel first calls share one request", async () => {
  const h = await startHarness({ env: oauthEnv });
  try {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.call("get_oof_settings")),
    );
    for (const r of results) assert.equal(r.isError, false, r.text);
    await h.call("get_oof_settings");
    assert.equal(h.sim.auth.oauth.issued, 1);
  } finally {
    await h.close();
  }
});

Deno.test("oauth2: a token close to expiry is refreshed before use", async () => {
  // 60 s tokens are always inside the 5-minute refresh margin: every call fetches a new one.
  const h = await startHarness({
    env: oauthEnv,
    sim: { auth: { oauth: { lifetimeSeconds: 60 } } },
  });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await h.call("get_oof_settings")).isError, false);
    assert.equal(h.sim.auth.oauth.issued, 3);
  } finally {
    await h.close();
  }
});

Deno.test("oauth2: a revoked token gets one fresh try, then works", async () => {
  const h = await startHarness({ env: oauthEnv });
  try {
    assert.equal((await h.call("get_oof_settings")).isError, false);
    h.sim.auth.oauth.revokeAll();
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, false, result.text);
    assert.equal(h.sim.auth.oauth.issued, 2);
    assert.equal(h.sim.stats.unauthorized, 1);
  } finally {
    await h.close();
  }
});

Deno.test("oauth2: a wrong secret is one clear error naming the setting, not the secret", async () => {
  const h = await startHarness({
    env: (sim) => ({ ...oauthEnv(sim), EWS_CLIENT_SECRET: "wrong-secret-value" }),
  });
  try {
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, true);
    assert.match(result.text, /AADSTS7000215/);
    assert.match(result.text, /EWS_CLIENT_SECRET/);
    assert.doesNotMatch(result.text, /wrong-secret-value/);
    assert.equal(h.sim.stats.requests, 1, "only the token request; EWS never contacted");
  } finally {
    await h.close();
  }
});

Deno.test("oauth2: an unknown tenant or app says which setting to check", async () => {
  const h = await startHarness({
    env: (sim) => ({ ...oauthEnv(sim), EWS_CLIENT_ID: "99999999-0000-0000-0000-000000000000" }),
  });
  try {
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, true);
    assert.match(result.text, /EWS_CLIENT_ID and EWS_TENANT_ID/);
  } finally {
    await h.close();
  }
});

async function token(sim: RunningSimulator, form: Record<string, string>): Promise<string> {
  const response = await fetch(`${sim.authority}/${DEMO_TENANT}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({ scope: EWS_SCOPE, ...form }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

const alex = DEMO_ACCOUNTS[0];
const delegatedToken = (sim: RunningSimulator) =>
  token(sim, {
    grant_type: "password",
    client_id: DEMO_APP.clientId,
    username: alex.email,
    password: alex.password,
  });

Deno.test("bearer: a delegated token never impersonates; other mailboxes go by delegation", async () => {
  const h = await startHarness({
    record: true,
    validateSchema: true,
    env: async (sim) => ({ EWS_AUTH_TYPE: "bearer", EWS_BEARER_TOKEN: await delegatedToken(sim) }),
  });
  try {
    const own = await h.call("read_emails", { max_results: 1 });
    assert.equal(own.isError, false, own.text);
    const pat = await h.call("read_emails", { max_results: 1, target_mailbox: "pat@contoso.test" });
    assert.equal(pat.isError, false, pat.text);
    for (const exchange of h.sim.exchanges) {
      assert.doesNotMatch(exchange.request, /ExchangeImpersonation/, exchange.operation);
    }
  } finally {
    await h.close();
  }
});

Deno.test("bearer: an app-only token is recognised and impersonates", async () => {
  const h = await startHarness({
    record: true,
    env: async (sim) => ({
      EWS_AUTH_TYPE: "bearer",
      EWS_BEARER_TOKEN: await token(sim, {
        grant_type: "client_credentials",
        client_id: DEMO_APP.clientId,
        client_secret: DEMO_APP.secret!,
      }),
    }),
  });
  try {
    const own = await h.call("get_oof_settings");
    assert.equal(own.isError, false, own.text);
    assert.ok(h.sim.exchanges.every((e) => impersonates(e.request, "alex@contoso.test")));
  } finally {
    await h.close();
  }
});

Deno.test("bearer: an expired or revoked token is one clear 401 per call, no retry loop", async () => {
  const h = await startHarness({
    env: async (sim) => ({ EWS_AUTH_TYPE: "bearer", EWS_BEARER_TOKEN: await delegatedToken(sim) }),
  });
  try {
    h.sim.auth.oauth.revokeAll();
    for (let i = 1; i <= 2; i++) {
      const result = await h.call("get_oof_settings");
      assert.equal(result.isError, true);
      assert.match(result.text, /401/);
      assert.match(result.text, /EWS_BEARER_TOKEN expired, was revoked/);
      assert.equal(h.sim.stats.unauthorized, i, "one request per call");
    }
  } finally {
    await h.close();
  }
});

Deno.test("simulator: an app-only token without ExchangeImpersonation is refused as Exchange does", async () => {
  const h = await startHarness({ env: oauthEnv });
  try {
    const appToken = await token(h.sim, {
      grant_type: "client_credentials",
      client_id: DEMO_APP.clientId,
      client_secret: DEMO_APP.secret!,
    });
    const response = await fetch(h.sim.url, {
      method: "POST",
      headers: { Authorization: `Bearer ${appToken}`, "Content-Type": "text/xml" },
      body: envelope(findItem(folderId("inbox", "alex@contoso.test"))),
    });
    const text = await response.text();
    assert.equal(response.status, 500);
    assert.match(text, /ErrorInvalidExchangeImpersonationHeaderData/);
    assert.match(text, /must be present for this type of OAuth token/);
  } finally {
    await h.close();
  }
});

Deno.test("oauth2: an unreachable authority is named as such, not as Exchange", async () => {
  const h = await startHarness({
    env: (sim) => ({ ...oauthEnv(sim), EWS_OAUTH_AUTHORITY: "http://127.0.0.1:9" }),
  });
  try {
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, true);
    assert.match(result.text, /Could not reach the OAuth2 authority 127\.0\.0\.1:9/);
    assert.match(result.text, /EWS_OAUTH_AUTHORITY/);
    assert.equal(h.sim.stats.requests, 0);
  } finally {
    await h.close();
  }
});
