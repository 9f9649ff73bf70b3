/** The HTTP-mode and policy variables: parsed, and every mistake reported at start. */
import assert from "node:assert/strict";
import { parseCli } from "../../config/cli.ts";
import { ConfigError, loadConfig } from "../../config/config.ts";

const base = {
  EWS_SERVER_URL: "mail.contoso.com",
  EWS_EMAIL: "svc@contoso.com",
  EWS_PASSWORD: "secret",
};
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env }, parseCli([]));
const problems = (env: Record<string, string>) => {
  try {
    load(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
};

Deno.test("config: named API keys, per-key mailbox lists, and MCP_AUTH_TOKEN as one more key", () => {
  const config = load({
    MCP_API_KEYS: "team-sales:aaaaaaaaaaaaaaaa1, hr:bbbbbbbbbbbbbbbb2",
    EWS_ALLOWED_MAILBOXES_TEAM_SALES: "sales@contoso.com, *@sales.contoso.com",
    MCP_AUTH_TOKEN: "cccccccccccccccc3",
  });
  assert.deepEqual(config.mcp.apiKeys, [
    {
      name: "team-sales",
      key: "aaaaaaaaaaaaaaaa1",
      allowedMailboxes: ["sales@contoso.com", "*@sales.contoso.com"],
    },
    { name: "hr", key: "bbbbbbbbbbbbbbbb2", allowedMailboxes: undefined },
    { name: "token", key: "cccccccccccccccc3" },
  ]);
});

Deno.test("config: short keys, missing names and duplicate names are refused", () => {
  assert.match(problems({ MCP_API_KEYS: "a:short" }).join(), /16\+ characters/);
  assert.match(problems({ MCP_API_KEYS: "aaaaaaaaaaaaaaaaaaaa" }).join(), /name:key/);
  assert.match(
    problems({ MCP_API_KEYS: "a:aaaaaaaaaaaaaaaa1,a:aaaaaaaaaaaaaaaa2" }).join(),
    /twice/,
  );
});

Deno.test("config: OAuth needs an issuer and an audience with its JWKS URL", () => {
  const found = problems({ MCP_OAUTH_JWKS_URL: "https://login.contoso.com/keys" });
  assert.equal(found.length, 2);
  const config = load({
    MCP_OAUTH_JWKS_URL: "https://login.contoso.com/keys",
    MCP_OAUTH_ISSUER: "https://login.contoso.com",
    MCP_OAUTH_AUDIENCE: "https://mcp.contoso.com/mcp",
    MCP_OAUTH_SCOPES: "mail.read, mail.send",
  });
  assert.deepEqual(config.mcp.oauth?.requiredScopes, ["mail.read", "mail.send"]);
  assert.deepEqual(config.mcp.oauth?.authorizationServers, ["https://login.contoso.com"]);
});

Deno.test("config: proxy, rate limit, policy and log format settings", () => {
  const config = load({
    MCP_PUBLIC_URL: "https://mcp.contoso.com",
    MCP_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.7",
    MCP_RATE_LIMIT: "120",
    EWS_ALLOWED_MAILBOXES: "*@contoso.com",
    EWS_DENIED_MAILBOXES: "ceo@contoso.com",
    MCP_ALLOW_UNAUTHENTICATED: "true",
    LOG_FORMAT: "JSON",
  });
  assert.equal(config.mcp.publicUrl?.href, "https://mcp.contoso.com/");
  assert.deepEqual(config.mcp.trustedProxies, ["10.0.0.0/8", "192.0.2.7"]);
  assert.equal(config.mcp.rateLimitPerMinute, 120);
  assert.deepEqual(config.mailboxPolicy, {
    allowed: ["*@contoso.com"],
    denied: ["ceo@contoso.com"],
  });
  assert.equal(config.mcp.allowUnauthenticated, true);
  assert.equal(config.logFormat, "json");
  const defaults = load({});
  assert.equal(defaults.mcp.allowUnauthenticated, false);
  assert.equal(defaults.mailboxPolicy.allowed, undefined);
  assert.equal(defaults.logFormat, "text");
  assert.match(problems({ MCP_PUBLIC_URL: "not a url" }).join(), /MCP_PUBLIC_URL/);
  assert.match(problems({ MCP_PUBLIC_URL: "https://x.contoso.com/mcp" }).join(), /host only/);
  assert.match(problems({ MCP_RATE_LIMIT: "-1" }).join(), /MCP_RATE_LIMIT/);
  assert.match(problems({ MCP_TRUSTED_PROXIES: "proxy.local" }).join(), /MCP_TRUSTED_PROXIES/);
  assert.match(problems({ MCP_TRUSTED_PROXIES: "10.0.0.0/33" }).join(), /MCP_TRUSTED_PROXIES/);
});
