/**
 * Autodiscover: with only EWS_EMAIL, the EWS URL is found the way Outlook looks for it, redirects
 * are followed a few times at most, and credentials never go to a host outside the user's domain
 * unless it is allow-listed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { basicAuth } from "../../ews/auth/basic.ts";
import { discoverEwsUrl, readReply } from "../../ews/autodiscover.ts";
import { HttpTransport } from "../../ews/transport.ts";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { cleanEnv, REPO, TARGETS } from "../e2e/targets.ts";
import { testCertificates } from "./certs.ts";

const alex = DEMO_ACCOUNTS[0];
const certs = await testCertificates();
const auth = basicAuth(alex.email, alex.password);

Deno.test("autodiscover: the Outlook order, then SRV; credentials only to allowed hosts", async () => {
  const sim = await startSimulator({ tls: certs.server, record: true });
  const transport = new HttpTransport({ ca: certs.ca });
  const port = new URL(sim.url).port;
  const srv = () => Promise.resolve([{ name: "127.0.0.1", port: Number(port) }]);
  try {
    // Without an allow-list the SRV target (outside contoso.test) never sees the password.
    await assert.rejects(
      discoverEwsUrl({ email: alex.email, auth, transport, timeoutMs: 5_000, srv }),
      (error: Error & { hint?: string }) =>
        /outside contoso\.test; credentials not sent/.test(error.hint ?? ""),
    );
    assert.equal(sim.authorizations.length, 0);

    const found = await discoverEwsUrl({
      email: alex.email,
      auth,
      transport,
      timeoutMs: 5_000,
      srv,
      allowedHosts: ["127.0.0.1"],
    });
    assert.equal(found.ewsUrl.href, sim.url);
    assert.ok(found.steps[0].startsWith("https://contoso.test/autodiscover/"), found.steps[0]);
    assert.ok(found.steps[1].startsWith("https://autodiscover.contoso.test/"), found.steps[1]);
    assert.ok(found.steps[2].startsWith("http://autodiscover.contoso.test/"), found.steps[2]);
    assert.match(found.steps.at(-1)!, /EWS at https:\/\/127\.0\.0\.1/);
  } finally {
    transport.close();
    await sim.close();
  }
});

Deno.test("autodiscover: an unknown address gets Exchange's error, named in the steps", async () => {
  const sim = await startSimulator();
  const transport = new HttpTransport();
  try {
    await assert.rejects(
      discoverEwsUrl({
        email: "nobody@contoso.test",
        auth,
        transport,
        timeoutMs: 5_000,
        url: new URL(`${sim.authority}/autodiscover/autodiscover.xml`),
      }),
      (error: Error & { hint?: string }) => /e-mail address cannot be found/.test(error.hint ?? ""),
    );
  } finally {
    transport.close();
    await sim.close();
  }
});

Deno.test("autodiscover: redirects are followed a few times at most, never off-domain", () => {
  const base = new URL("https://autodiscover.contoso.test/autodiscover/autodiscover.xml");
  const wrap = (account: string) =>
    `<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">` +
    `<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">` +
    `<Account>${account}</Account></Response></Autodiscover>`;
  assert.deepEqual(
    readReply(wrap("<Action>redirectAddr</Action><RedirectAddr>a@b.test</RedirectAddr>"), base),
    { kind: "redirectAddr", email: "a@b.test" },
  );
  const url = readReply(
    wrap("<Action>redirectUrl</Action><RedirectUrl>https://evil.example/a.xml</RedirectUrl>"),
    base,
  );
  assert.equal(url.kind, "redirectUrl");
  const settings = readReply(
    wrap(
      "<Action>settings</Action><Protocol><Type>EXPR</Type><EwsUrl>https://ext/EWS/Exchange.asmx</EwsUrl></Protocol>" +
        "<Protocol><Type>EXCH</Type><EwsUrl>https://int/EWS/Exchange.asmx</EwsUrl></Protocol>",
    ),
    base,
  );
  assert.deepEqual(settings, { kind: "found", ewsUrl: new URL("https://int/EWS/Exchange.asmx") });
});

Deno.test("autodiscover: a hostile endpoint's redirect loop and off-domain redirect end cleanly", async () => {
  let calls = 0;
  const loop = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    calls++;
    const redirectToEvil = (await req.text()).includes("evil-me@");
    const account = redirectToEvil
      ? "<Action>redirectUrl</Action><RedirectUrl>https://collector.evil.example/x.xml</RedirectUrl>"
      : "<Action>redirectAddr</Action><RedirectAddr>alex@contoso.test</RedirectAddr>";
    return new Response(
      `<Autodiscover><Response><Account>${account}</Account></Response></Autodiscover>`,
      { headers: { "Content-Type": "text/xml" } },
    );
  });
  const transport = new HttpTransport();
  const url = new URL(`http://127.0.0.1:${loop.addr.port}/autodiscover/autodiscover.xml`);
  try {
    await assert.rejects(
      discoverEwsUrl({
        email: alex.email,
        auth,
        transport,
        timeoutMs: 5_000,
        url,
        allowedHosts: ["127.0.0.1"],
      }),
      (error: Error & { hint?: string }) => /too many redirects/.test(error.hint ?? ""),
    );
    assert.equal(calls, 6, "the first answer and five redirects");
    await assert.rejects(
      discoverEwsUrl({
        email: "evil-me@contoso.test",
        auth,
        transport,
        timeoutMs: 5_000,
        url,
        allowedHosts: ["127.0.0.1"],
      }),
      (error: Error & { hint?: string }) =>
        /collector\.evil\.example.*outside contoso\.test; credentials not sent/.test(
          error.hint ?? "",
        ),
    );
  } finally {
    transport.close();
    await loop.shutdown();
  }
});

Deno.test("autodiscover: the program finds EWS from EWS_EMAIL alone, says where, and caches it", async () => {
  const sim = await startSimulator();
  const dir = mkdtempSync(join(tmpdir(), "ews-mcp-autodiscover-"));
  const run = async () => {
    const out = await new Deno.Command(TARGETS[0].command, {
      args: [...TARGETS[0].args, "check"],
      env: cleanEnv({
        EWS_EMAIL: alex.email,
        EWS_PASSWORD: alex.password,
        EWS_AUTODISCOVER_URL: `${sim.authority}/autodiscover/autodiscover.xml`,
        EWS_AUTODISCOVER_CACHE: join(dir, "autodiscover.json"),
      }),
      clearEnv: true,
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    return text;
  };
  try {
    assert.match(
      await run(),
      /Autodiscover found EWS at http:\/\/127\.0\.0\.1:\d+\/EWS\/Exchange\.asmx/,
    );
    assert.match(await run(), /Autodiscover \(cached\): EWS at http:\/\/127\.0\.0\.1/);
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
