/**
 * Secrets never reach logs, error texts, audit lines or tool results: the real program runs in
 * every auth mode at LOG_LEVEL=DEBUG with an audit file, succeeds and fails a few tool calls,
 * runs `check` (also with wrong credentials), and all it wrote is searched for the password,
 * the client secret, every token the simulator issued and every Authorization header value.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import {
  DEMO_ACCOUNTS,
  DEMO_APP,
  DEMO_TENANT,
  EWS_SCOPE,
  type RunningSimulator,
  startSimulator,
} from "../../sim/mod.ts";
import { cleanEnv, REPO, type Target, TARGETS } from "../e2e/targets.ts";
import { testCertificates } from "./certs.ts";

const alex = DEMO_ACCOUNTS[0];

async function delegatedToken(sim: RunningSimulator): Promise<string> {
  const response = await fetch(`${sim.authority}/${DEMO_TENANT}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "password",
      client_id: DEMO_APP.clientId,
      username: alex.email,
      password: alex.password,
      scope: EWS_SCOPE,
    }),
  });
  return (await response.json()).access_token;
}

const MODES: Record<string, (sim: RunningSimulator) => Promise<Record<string, string>>> = {
  basic: () => Promise.resolve({ EWS_AUTH_TYPE: "basic", EWS_PASSWORD: alex.password }),
  ntlm: () =>
    Promise.resolve({
      EWS_AUTH_TYPE: "ntlm",
      EWS_USERNAME: "CONTOSO\\alex",
      EWS_PASSWORD: alex.password,
    }),
  oauth2: (sim) =>
    Promise.resolve({
      EWS_AUTH_TYPE: "oauth2",
      EWS_CLIENT_ID: DEMO_APP.clientId,
      EWS_CLIENT_SECRET: DEMO_APP.secret!,
      EWS_TENANT_ID: DEMO_TENANT,
      EWS_OAUTH_AUTHORITY: sim.authority,
    }),
  bearer: async (sim) => ({
    EWS_AUTH_TYPE: "bearer",
    EWS_BEARER_TOKEN: await delegatedToken(sim),
  }),
};

/** A wrong credential of the same kind, for the failing `check` run. */
const WRONG: Record<string, Record<string, string>> = {
  basic: { EWS_PASSWORD: "Wrong-Pass-Basic-7" },
  ntlm: { EWS_PASSWORD: "Wrong-Pass-Ntlm-7" },
  oauth2: { EWS_CLIENT_SECRET: "Wrong-Secret-Oauth-7" },
  bearer: { EWS_BEARER_TOKEN: "Wrong.Bearer.Token-7" },
};

async function runCheck(program: Target, env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(program.command, {
    args: [
      ...program.args,
      "check",
      "--mailbox",
      "pat@contoso.test",
      "--mailbox",
      "ceo@contoso.test",
    ],
    env,
    clearEnv: true,
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
}

/** NTLM (with Extended Protection) and OAuth2 run over HTTPS, Basic and bearer over HTTP. */
const OVER_HTTPS = new Set(["ntlm", "oauth2"]);
const certs = await testCertificates();

for (const program of TARGETS) {
  for (const [mode, settings] of Object.entries(MODES)) {
    const https = OVER_HTTPS.has(mode);
    Deno.test({
      name: `secrets (${program.name}): ${mode} over ${
        https ? "HTTPS" : "HTTP"
      } at DEBUG leaks no password, secret, token or header`,
      ignore: program.missing !== undefined,
      async fn() {
        const sim = await startSimulator({
          record: true,
          ...(https && { tls: certs.server, auth: { ntlm: { extendedProtection: true } } }),
        });
        const dir = mkdtempSync(join(tmpdir(), "ews-mcp-secrets-"));
        const auditFile = join(dir, "audit.jsonl");
        try {
          const modeEnv = await settings(sim);
          const env = cleanEnv({
            EWS_SERVER_URL: sim.url,
            EWS_EMAIL: alex.email,
            EWS_IMPERSONATION_ENABLED: "true",
            EWS_IMPERSONATION_TYPE: mode === "bearer" ? "delegate" : "impersonation",
            LOG_LEVEL: "DEBUG",
            EWS_TOOLSETS: "all",
            EWS_AUDIT_LOG: auditFile,
            ...(https && { EWS_CA_FILE: certs.caFile }),
            ...modeEnv,
          });
          let written = "";
          const transport = new StdioClientTransport({
            command: program.command,
            args: program.args,
            env,
            cwd: REPO,
            stderr: "pipe",
          });
          transport.stderr?.on(
            "data",
            (chunk: Uint8Array) => (written += new TextDecoder().decode(chunk)),
          );
          const client = new Client({ name: "secrets", version: "1.0.0" });
          await client.connect(transport);
          try {
            const calls: [string, Record<string, unknown>][] = [
              ["read_emails", { max_results: 2 }],
              ["read_emails", { max_results: 1, target_mailbox: "pat@contoso.test" }],
              ["read_emails", { target_mailbox: "ceo@contoso.test" }],
              ["get_oof_settings", { target_mailbox: "ghost@contoso.test" }],
              ["list_folders", {}],
            ];
            let successes = 0;
            for (const [name, args] of calls) {
              const result = await client.callTool({ name, arguments: args });
              if (!result.isError) successes++;
              written += JSON.stringify(result);
            }
            assert.ok(successes >= 2, `the mode works (${successes} calls succeeded)\n${written}`);
          } finally {
            await client.close();
          }
          written += await runCheck(program, env);
          written += await runCheck(program, { ...env, ...WRONG[mode] });
          written += readFileSync(auditFile, "utf8");
          assert.match(written, /DEBUG/, "debug logging was on");

          const secrets = new Set<string>([
            alex.password,
            DEMO_APP.secret!,
            ...Object.values(WRONG[mode]),
            ...sim.auth.oauth.tokens,
            ...(modeEnv.EWS_BEARER_TOKEN ? [modeEnv.EWS_BEARER_TOKEN] : []),
            ...sim.authorizations,
            ...sim.authorizations.map((h) => h.slice(h.indexOf(" ") + 1)),
          ]);
          assert.ok(sim.authorizations.length > 0, "credentials were sent");
          for (const secret of secrets) {
            assert.ok(!written.includes(secret), `${mode}: leaked ${secret.slice(0, 12)}…`);
          }
        } finally {
          await sim.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });
  }
}
