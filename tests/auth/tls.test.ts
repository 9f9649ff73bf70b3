/**
 * HTTPS: the simulator serves TLS with a certificate from a CA made at test time; ews-mcp
 * trusts it through EWS_CA_FILE, refuses it without, and with EWS_INSECURE_SKIP_VERIFY works
 * but warns. Every auth mode runs over HTTPS too.
 */
import assert from "node:assert/strict";
import { DEMO_APP, DEMO_TENANT, type RunningSimulator } from "../../sim/mod.ts";
import { startHarness } from "../support/harness.ts";
import { testCertificates } from "./certs.ts";

const certs = await testCertificates();

Deno.test("HTTPS: a private CA given in EWS_CA_FILE is trusted", async () => {
  const h = await startHarness({ sim: { tls: certs.server }, env: { EWS_CA_FILE: certs.caFile } });
  try {
    assert.match(h.sim.url, /^https:/);
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, false, result.text);
  } finally {
    await h.close();
  }
});

Deno.test("HTTPS: an untrusted certificate is refused, naming EWS_CA_FILE", async () => {
  const h = await startHarness({ sim: { tls: certs.server } });
  try {
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, true);
    assert.match(result.text, /not trusted.*EWS_CA_FILE/s);
    assert.equal(h.sim.stats.byOperation.GetUserOofSettings ?? 0, 0);
  } finally {
    await h.close();
  }
});

Deno.test("HTTPS: EWS_INSECURE_SKIP_VERIFY works and is warned about at start", async () => {
  const h = await startHarness({
    sim: { tls: certs.rogue },
    env: { EWS_INSECURE_SKIP_VERIFY: "true" },
  });
  try {
    assert.equal((await h.call("get_oof_settings")).isError, false);
    assert.ok(h.logs.some((l) => /WARNING.*EWS_INSECURE_SKIP_VERIFY/.test(l)));
  } finally {
    await h.close();
  }
});

const modes: Record<string, (sim: RunningSimulator) => Record<string, string>> = {
  basic: () => ({}),
  ntlm: () => ({ EWS_AUTH_TYPE: "ntlm", EWS_USERNAME: "CONTOSO\\alex" }),
  "oauth2 (secret)": (sim) => ({
    EWS_AUTH_TYPE: "oauth2",
    EWS_CLIENT_ID: DEMO_APP.clientId,
    EWS_CLIENT_SECRET: DEMO_APP.secret!,
    EWS_TENANT_ID: DEMO_TENANT,
    EWS_OAUTH_AUTHORITY: sim.authority,
  }),
  "oauth2 (certificate)": (sim) => ({
    EWS_AUTH_TYPE: "oauth2",
    EWS_CLIENT_ID: "22222222-0000-0000-0000-0000000000ce",
    EWS_CLIENT_CERT_FILE: certs.app.certFile,
    EWS_CLIENT_KEY_FILE: certs.app.keyFile,
    EWS_TENANT_ID: DEMO_TENANT,
    EWS_OAUTH_AUTHORITY: sim.authority,
  }),
};

for (const [mode, env] of Object.entries(modes)) {
  Deno.test(`HTTPS: ${mode} reads mail, own and impersonated`, async () => {
    const h = await startHarness({
      validateSchema: true,
      sim: {
        tls: certs.server,
        auth: {
          oauth: {
            apps: [DEMO_APP, {
              clientId: "22222222-0000-0000-0000-0000000000ce",
              certificatePem: certs.app.cert,
              fullAccess: true,
            }],
          },
        },
      },
      env: (sim) => ({ EWS_CA_FILE: certs.caFile, ...env(sim) }),
    });
    try {
      const own = await h.call("read_emails", { max_results: 2 });
      assert.equal(own.isError, false, own.text);
      const pat = await h.call("read_emails", {
        max_results: 1,
        target_mailbox: "pat@contoso.test",
      });
      assert.equal(pat.isError, false, pat.text);
    } finally {
      await h.close();
    }
  });
}
