/** The auth part of the configuration: each scheme's settings checked at start, one line each. */
import assert from "node:assert/strict";
import { parseCli } from "../../config/cli.ts";
import { ConfigError, loadConfig } from "../../config/config.ts";

const base = { EWS_SERVER_URL: "mail.contoso.com", EWS_EMAIL: "svc@contoso.com" };
const noFlags = parseCli([]);

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env }, noFlags);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}

Deno.test("auth config: each scheme says what it is missing", () => {
  assert.match(
    problems({ EWS_AUTH_TYPE: "kerberos" }).join(),
    /one of basic, ntlm, oauth2, bearer/,
  );
  assert.match(problems({ EWS_AUTH_TYPE: "ntlm" }).join(), /EWS_PASSWORD is required for ntlm/);
  assert.match(
    problems({ EWS_AUTH_TYPE: "ntlm", EWS_PASSWORD: "p", EWS_USERNAME: "svc" }).join(),
    /DOMAIN\\user or user@domain/,
  );
  assert.match(problems({ EWS_AUTH_TYPE: "bearer" }).join(), /EWS_BEARER_TOKEN is required/);
  const oauth = problems({ EWS_AUTH_TYPE: "oauth2" }).join("\n");
  assert.match(oauth, /EWS_CLIENT_ID is required/);
  assert.match(oauth, /EWS_TENANT_ID is required/);
  assert.match(oauth, /EWS_CLIENT_SECRET, or EWS_CLIENT_CERT_FILE and EWS_CLIENT_KEY_FILE/);
  assert.match(
    problems({
      EWS_AUTH_TYPE: "oauth2",
      EWS_CLIENT_ID: "c",
      EWS_TENANT_ID: "t",
      EWS_CLIENT_CERT_FILE: "app.pem",
    }).join(),
    /EWS_CLIENT_KEY_FILE is required/,
  );
});

Deno.test("auth config: working settings for each scheme", () => {
  const ntlm = loadConfig(
    { ...base, EWS_AUTH_TYPE: "NTLM", EWS_USERNAME: "CONTOSO\\svc", EWS_PASSWORD: "p" },
    noFlags,
  );
  assert.deepEqual(ntlm.ews.auth, { type: "ntlm", username: "CONTOSO\\svc", password: "p" });
  const oauth = loadConfig({
    ...base,
    EWS_AUTH_TYPE: "oauth2",
    EWS_CLIENT_ID: "c",
    EWS_TENANT_ID: "t",
    EWS_CLIENT_SECRET: "s",
  }, noFlags);
  assert.deepEqual(oauth.ews.auth, {
    type: "oauth2",
    clientId: "c",
    tenantId: "t",
    clientSecret: "s",
    certificateFile: undefined,
    keyFile: undefined,
    authority: "https://login.microsoftonline.com",
    scope: "https://outlook.office365.com/.default",
  });
  const bearer = loadConfig({ ...base, EWS_AUTH_TYPE: "bearer", EWS_BEARER_TOKEN: "t" }, noFlags);
  assert.equal(bearer.ews.auth.type, "bearer");
  assert.equal(bearer.ews.password, "");
});

Deno.test("TLS, concurrency and back-off settings are checked", () => {
  const ok = loadConfig({ ...base, EWS_PASSWORD: "p", EWS_INSECURE_SKIP_VERIFY: "true" }, noFlags);
  assert.equal(ok.ews.insecureSkipVerify, true);
  assert.equal(ok.ews.maxConcurrency, 27, "Exchange's default EWSMaxConcurrency");
  assert.equal(ok.ews.maxBackOffMs, 30_000);
  const bad = problems({ EWS_PASSWORD: "p", EWS_MAX_CONCURRENCY: "0", EWS_MAX_BACKOFF: "x" });
  assert.match(bad.join("\n"), /EWS_MAX_CONCURRENCY must be a whole number from 1/);
  assert.match(bad.join("\n"), /EWS_MAX_BACKOFF must be a whole number/);
});

Deno.test("without EWS_SERVER_URL, Autodiscover is planned from EWS_EMAIL", () => {
  const config = loadConfig(
    { EWS_EMAIL: "svc@contoso.com", EWS_PASSWORD: "p", EWS_AUTODISCOVER_CACHE: "off" },
    noFlags,
  );
  assert.deepEqual(config.ews.autodiscover, {
    url: undefined,
    allowedHosts: [],
    cacheFile: undefined,
  });
  assert.match(
    problems({ EWS_SERVER_URL: "", EWS_EMAIL: "svc", EWS_PASSWORD: "p" }).join(),
    /EWS_SERVER_URL is required.*or a valid EWS_EMAIL/,
  );
});
