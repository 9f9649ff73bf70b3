/**
 * `ews-mcp check`: each failure an administrator meets first is named with its fix, and the
 * result is OK only when everything asked for works.
 */
import assert from "node:assert/strict";
import { createApp } from "../../app.ts";
import { runCheck } from "../../check.ts";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { createLogger } from "../../ews/log.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_APP,
  DEMO_TENANT,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../../sim/mod.ts";
import { testCertificates } from "./certs.ts";

const alex = DEMO_ACCOUNTS[0];

async function check(
  env: Record<string, string> | ((sim: RunningSimulator) => Record<string, string>),
  mailboxes: string[] = [],
  simOptions: SimulatorOptions = {},
): Promise<{ ok: boolean; text: string }> {
  const sim = await startSimulator(simOptions);
  const config = loadConfig({
    EWS_SERVER_URL: sim.url,
    EWS_EMAIL: alex.email,
    EWS_PASSWORD: alex.password,
    EWS_IMPERSONATION_ENABLED: "true",
    ...(typeof env === "function" ? env(sim) : env),
  }, parseCli(["check"]));
  const app = createApp(config, createLogger("ERROR", () => {}));
  try {
    const result = await runCheck(config, app, mailboxes);
    return { ok: result.ok, text: result.lines.join("\n") };
  } finally {
    app.close();
    await sim.close();
  }
}

Deno.test("check: everything works → OK, with the server version and each mailbox's access", async () => {
  const result = await check({}, ["pat@contoso.test"]);
  assert.equal(result.ok, true, result.text);
  assert.match(result.text, /Exchange 15\.1\.\d+\.\d+/);
  assert.match(result.text, /pat@contoso.test: impersonation works/);
  assert.match(result.text, /All checks passed/);
});

Deno.test("check: a wrong password says to check EWS_PASSWORD", async () => {
  const result = await check({ EWS_PASSWORD: "wrong" });
  assert.equal(result.ok, false);
  assert.match(result.text, /Basic sign-in refused/);
  assert.match(result.text, /fix: check EWS_PASSWORD/);
});

Deno.test("check: Basic switched off on the server → use NTLM", async () => {
  const result = await check({}, [], { auth: { schemes: ["Negotiate", "NTLM"] } });
  assert.equal(result.ok, false);
  assert.match(result.text, /Basic authentication is not enabled.*offers Negotiate, NTLM/);
  assert.match(result.text, /EWS_AUTH_TYPE=ntlm/);
});

Deno.test("check: NTLM refused (wrong password) and NTLM not offered are told apart", async () => {
  const refused = await check({ EWS_AUTH_TYPE: "ntlm", EWS_PASSWORD: "wrong" });
  assert.equal(refused.ok, false);
  assert.match(refused.text, /NTLM sign-in refused/);
  const absent = await check({ EWS_AUTH_TYPE: "ntlm" }, [], { auth: { schemes: ["Basic"] } });
  assert.equal(absent.ok, false);
  assert.match(absent.text, /Windows authentication \(NTLM\) is not enabled/);
});

Deno.test("check: NTLM that works is OK", async () => {
  const result = await check({ EWS_AUTH_TYPE: "ntlm", EWS_USERNAME: "CONTOSO\\alex" }, [
    "pat@contoso.test",
  ]);
  assert.equal(result.ok, true, result.text);
});

Deno.test("check: a missing impersonation role and an unknown mailbox each get their fix", async () => {
  const result = await check({}, ["ceo@contoso.test", "nobody@contoso.test", "pat@contoso.test"]);
  assert.equal(result.ok, false);
  assert.match(result.text, /Access denied to mailbox: ceo@contoso.test/);
  assert.match(result.text, /ApplicationImpersonation/);
  assert.match(result.text, /mailbox nobody@contoso.test is unknown/);
  assert.match(result.text, /pat@contoso.test: impersonation works/);
  assert.match(result.text, /2 problems found/);
});

Deno.test("check: impersonation not enabled says which setting", async () => {
  const result = await check({ EWS_IMPERSONATION_ENABLED: "false" }, ["pat@contoso.test"]);
  assert.equal(result.ok, false);
  assert.match(result.text, /EWS_IMPERSONATION_ENABLED=true/);
});

Deno.test("check: an untrusted certificate → EWS_CA_FILE; with it, OK", async () => {
  const certs = await testCertificates();
  const untrusted = await check({}, [], { tls: certs.server });
  assert.equal(untrusted.ok, false);
  assert.match(untrusted.text, /certificate of 127\.0\.0\.1:\d+ is not trusted/);
  assert.match(untrusted.text, /EWS_CA_FILE/);
  const trusted = await check({ EWS_CA_FILE: certs.caFile }, [], { tls: certs.server });
  assert.equal(trusted.ok, true, trusted.text);
});

Deno.test("check: a wrong OAuth2 secret is reported before Exchange is blamed", async () => {
  const result = await check((sim) => ({
    EWS_AUTH_TYPE: "oauth2",
    EWS_CLIENT_ID: DEMO_APP.clientId,
    EWS_CLIENT_SECRET: "nope",
    EWS_TENANT_ID: DEMO_TENANT,
    EWS_OAUTH_AUTHORITY: sim.authority,
  }));
  assert.equal(result.ok, false);
  assert.match(result.text, /AADSTS7000215/);
  assert.match(result.text, /EWS_CLIENT_SECRET/);
});

Deno.test("check: an unreachable server says to check EWS_SERVER_URL", async () => {
  const result = await check({ EWS_SERVER_URL: "http://127.0.0.1:9" });
  assert.equal(result.ok, false);
  assert.match(result.text, /check EWS_SERVER_URL/);
});

Deno.test("check: the command's exit status is 0 only when all works (demo, every mode)", async () => {
  const run = async (authType: string, ...args: string[]) =>
    (await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "mod.ts", "check", "--demo", ...args],
      env: { EWS_AUTH_TYPE: authType },
      stdout: "piped",
      stderr: "piped",
    }).output()).code;
  for (const authType of ["basic", "ntlm", "oauth2"]) {
    assert.equal(await run(authType, "--mailbox", "pat@contoso.test"), 0, authType);
  }
  assert.equal(await run("basic", "--mailbox", "ceo@contoso.test"), 1);
});

Deno.test("check: NTLM refused over HTTPS names Extended Protection and what to do", async () => {
  const certs = await testCertificates();
  const result = await check(
    { EWS_AUTH_TYPE: "ntlm", EWS_PASSWORD: "wrong", EWS_CA_FILE: certs.caFile },
    [],
    { tls: certs.server, auth: { ntlm: { extendedProtection: true } } },
  );
  assert.equal(result.ok, false);
  assert.match(result.text, /Extended Protection/);
  assert.match(result.text, /exempt this host from TLS inspection/);
  assert.match(result.text, /Do not turn Extended Protection off/);
});
