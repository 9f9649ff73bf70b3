/**
 * The simulator's NTLM is checked against independent implementations, not only ours:
 * exchangelib (auth_type=NTLM) over HTTP, and requests_ntlm over HTTPS with Extended Protection
 * on, which binds the channel itself. A wrong password is refused.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { testCertificates } from "./certs.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./ntlm_clients.py", import.meta.url));
const alex = DEMO_ACCOUNTS[0];

function canImport(modules: string): boolean {
  try {
    return new Deno.Command(PYTHON, {
      args: ["-c", `import ${modules}`],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    return false;
  }
}

const available = canImport("exchangelib, requests_ntlm");
if (!available) {
  console.warn("SKIPPING NTLM fidelity tests: /usr/bin/python3 lacks exchangelib or requests_ntlm");
}

async function client(...args: string[]): Promise<Record<string, unknown>> {
  const out = await new Deno.Command(PYTHON, {
    args: [SCRIPT, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test({
  name: "exchangelib signs in with NTLM (DOMAIN\\user) and reads the inbox",
  ignore: !available,
  async fn() {
    const sim = await startSimulator();
    try {
      const out = await client("exchangelib", sim.url, "CONTOSO\\alex", alex.password);
      assert.equal((out.subjects as string[]).length, 3);
      assert.deepEqual(sim.auth.ntlm.refusals, []);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "requests_ntlm over HTTPS passes Extended Protection; a wrong password does not",
  ignore: !available,
  async fn() {
    const certs = await testCertificates();
    const sim = await startSimulator({
      tls: certs.server,
      auth: { schemes: ["NTLM"], ntlm: { extendedProtection: true } },
    });
    try {
      const ok = await client("requests", sim.url, "CONTOSO\\alex", alex.password, certs.caFile);
      assert.deepEqual({ ...ok, refusals: sim.auth.ntlm.refusals }, {
        status: 200,
        ok: true,
        refusals: [],
      });
      assert.deepEqual(sim.auth.ntlm.refusals, []);
      const wrong = await client("requests", sim.url, "CONTOSO\\alex", "wrong", certs.caFile);
      assert.equal(wrong.status, 401);
      assert.deepEqual(sim.auth.ntlm.refusals, ["wrong password"]);
    } finally {
      await sim.close();
    }
  },
});
