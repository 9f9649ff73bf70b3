/**
 * NTLM end to end: ews-mcp signs in to the simulator with NTLMv2, which verifies the response
 * against the stored password, and the authenticated connection is then reused.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import http from "node:http";
import { NtlmHandshake } from "../../ews/auth/ntlm/client.ts";
import { fromBase64, toBase64 } from "../../ews/auth/ntlm/messages.ts";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { startHarness } from "../support/harness.ts";

const alex = DEMO_ACCOUNTS[0];

Deno.test("NTLM: tools work, and one handshake serves many requests on one connection", async () => {
  const h = await startHarness({ env: { EWS_AUTH_TYPE: "ntlm" }, validateSchema: true });
  try {
    for (let i = 0; i < 3; i++) {
      const result = await h.call("get_oof_settings");
      assert.equal(result.isError, false, result.text);
    }
    assert.equal(h.sim.stats.connections, 1, "one kept-alive connection");
    assert.equal(h.sim.stats.unauthorized, 1, "one CHALLENGE, then no more 401s");
    assert.equal(h.sim.auth.ntlm.refusals.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("NTLM: DOMAIN\\user works as well as the UPN, and impersonation too", async () => {
  const h = await startHarness({
    env: { EWS_AUTH_TYPE: "ntlm", EWS_USERNAME: "CONTOSO\\alex" },
    validateSchema: true,
  });
  try {
    const own = await h.call("read_emails", { max_results: 1 });
    assert.equal(own.isError, false, own.text);
    const pat = await h.call("read_emails", { max_results: 1, target_mailbox: "pat@contoso.test" });
    assert.equal(pat.isError, false, pat.text);
    assert.equal(pat.data.mailbox, "pat@contoso.test");
  } finally {
    await h.close();
  }
});

Deno.test("NTLM: parallel calls each get their own authenticated connection", async () => {
  const h = await startHarness({ env: { EWS_AUTH_TYPE: "ntlm" } });
  try {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => h.call("read_emails", { max_results: 1 })),
    );
    for (const r of results) assert.equal(r.isError, false, r.text);
    assert.ok(h.sim.stats.connections > 1, "more than one connection");
    assert.equal(h.sim.stats.unauthorized, h.sim.stats.connections, "one handshake each");
  } finally {
    await h.close();
  }
});

Deno.test("NTLM: a connection the server forgot is signed in again, once", async () => {
  const h = await startHarness({ env: { EWS_AUTH_TYPE: "ntlm" } });
  try {
    assert.equal((await h.call("get_oof_settings")).isError, false);
    h.sim.auth.ntlm.forgetConnections();
    const again = await h.call("get_oof_settings");
    assert.equal(again.isError, false, again.text);
    // The request without credentials, then the new CHALLENGE.
    assert.equal(h.sim.stats.unauthorized, 3);
  } finally {
    await h.close();
  }
});

Deno.test("NTLM: a wrong password is refused by the simulator's verification", async () => {
  const h = await startHarness({ env: { EWS_AUTH_TYPE: "ntlm", EWS_PASSWORD: "not-it" } });
  try {
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, true);
    assert.match(result.text, /401/);
    assert.match(result.text, /DOMAIN\\user or user@domain\) and EWS_PASSWORD/);
    assert.deepEqual(h.sim.auth.ntlm.refusals, ["wrong password"]);
  } finally {
    await h.close();
  }
});

Deno.test("NTLM: a Negotiate-only server gets the NTLM tokens under Negotiate", async () => {
  const h = await startHarness({
    env: { EWS_AUTH_TYPE: "ntlm" },
    sim: { auth: { schemes: ["Negotiate"] } },
  });
  try {
    const result = await h.call("list_folders");
    assert.equal(result.isError, false, result.text);
    assert.equal(h.sim.auth.negotiate.refusals.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("NTLM: a server without Windows authentication is named in the error", async () => {
  const h = await startHarness({
    env: { EWS_AUTH_TYPE: "ntlm" },
    sim: { auth: { schemes: ["Basic"] } },
  });
  try {
    const result = await h.call("list_folders");
    assert.equal(result.isError, true);
    assert.match(result.text, /offers Basic/);
  } finally {
    await h.close();
  }
});

/** One keep-alive socket, raw handshake legs: for replay and expiry checks. */
async function rawLeg(
  agent: http.Agent,
  url: string,
  authorization: string,
): Promise<{ status: number; challenge?: string }> {
  return await new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "GET",
      agent,
      headers: { Authorization: authorization, "Content-Length": "0" },
    }, (res) => {
      res.resume();
      res.on("end", () => {
        const header = String(res.headers["www-authenticate"] ?? "");
        const match = /NTLM ([A-Za-z0-9+/=]+)/.exec(header);
        resolve({ status: res.statusCode ?? 0, challenge: match?.[1] });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

Deno.test("NTLM: a replayed AUTHENTICATE message and an expired challenge are refused", async () => {
  let clock = Date.now();
  const sim = await startSimulator({
    auth: { ntlm: { now: () => clock, challengeTtlMs: 60_000 } },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const handshake = new NtlmHandshake({ username: alex.email, password: alex.password });
    const first = await rawLeg(agent, sim.url, `NTLM ${toBase64(handshake.negotiate)}`);
    assert.equal(first.status, 401);
    const auth = handshake.authenticate(fromBase64(first.challenge!), { host: "127.0.0.1" });
    // A GET is enough to prove sign-in: IIS authenticates before any verb handling.
    assert.equal((await rawLeg(agent, sim.url, `NTLM ${toBase64(auth)}`)).status, 200);
    // The same message again (on the same connection, challenge now used up).
    assert.equal((await rawLeg(agent, sim.url, `NTLM ${toBase64(auth)}`)).status, 401);
    assert.match(sim.auth.ntlm.refusals.at(-1)!, /no outstanding challenge/);

    const late = new NtlmHandshake({ username: alex.email, password: alex.password });
    const second = await rawLeg(agent, sim.url, `NTLM ${toBase64(late.negotiate)}`);
    clock += 61_000;
    const lateAuth = late.authenticate(fromBase64(second.challenge!), { host: "127.0.0.1" });
    assert.equal((await rawLeg(agent, sim.url, `NTLM ${toBase64(lateAuth)}`)).status, 401);
    assert.equal(sim.auth.ntlm.refusals.at(-1), "challenge expired");
  } finally {
    agent.destroy();
    await sim.close();
  }
});

Deno.test("NTLM: a tampered message fails the MIC check", async () => {
  const sim = await startSimulator();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const handshake = new NtlmHandshake({ username: alex.email, password: alex.password });
    const first = await rawLeg(agent, sim.url, `NTLM ${toBase64(handshake.negotiate)}`);
    const auth = handshake.authenticate(fromBase64(first.challenge!), { host: "127.0.0.1" });
    // Flip a bit of the workstation-independent flags field: the proof still verifies, the MIC not.
    const tampered = Buffer.from(auth);
    tampered[60] ^= 0x10;
    assert.equal((await rawLeg(agent, sim.url, `NTLM ${tampered.toString("base64")}`)).status, 401);
    assert.equal(sim.auth.ntlm.refusals.at(-1), "MIC does not match");
  } finally {
    agent.destroy();
    await sim.close();
  }
});
