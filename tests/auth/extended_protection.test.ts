/**
 * NTLM under Extended Protection (Exchange 2019 CU14+ and SE default): over HTTPS the
 * AUTHENTICATE message must bind the TLS channel (RFC 5929 tls-server-end-point of the
 * certificate the server presented), carry a MIC and name the service. ews-mcp does all three;
 * the simulator refuses a binding made for another certificate (a TLS-inspecting proxy), a
 * missing MIC and NTLMv1; over plain HTTP no binding is sent.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import { bindingHash, tlsServerEndPoint } from "../../ews/auth/ntlm/channel_binding.ts";
import { NtlmHandshake } from "../../ews/auth/ntlm/client.ts";
import {
  Av,
  fromBase64,
  readAuthenticate,
  readAvPairs,
  toBase64,
  writeAuthenticate,
} from "../../ews/auth/ntlm/messages.ts";
import { ntlmAuthenticator } from "../../sim/auth/ntlm.ts";
import { DEMO_ACCOUNTS, demoOrganisation } from "../../sim/mod.ts";
import { startHarness } from "../support/harness.ts";
import { testCertificates } from "./certs.ts";

const certs = await testCertificates();
const alex = DEMO_ACCOUNTS[0];
const der = (pem: string) =>
  new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ""), "base64"));

Deno.test("Extended Protection: NTLM over HTTPS binds the channel and is accepted", async () => {
  const h = await startHarness({
    validateSchema: true,
    sim: { tls: certs.server, auth: { ntlm: { extendedProtection: true } } },
    env: { EWS_CA_FILE: certs.caFile, EWS_AUTH_TYPE: "ntlm", EWS_USERNAME: "CONTOSO\\alex" },
  });
  try {
    const own = await h.call("read_emails", { max_results: 1 });
    assert.equal(own.isError, false, own.text);
    const pat = await h.call("read_emails", { max_results: 1, target_mailbox: "pat@contoso.test" });
    assert.equal(pat.isError, false, pat.text);
    assert.deepEqual(h.sim.auth.ntlm.refusals, []);
  } finally {
    await h.close();
  }
});

/** An Extended-Protection authenticator behind HTTPS, and one handshake against it. */
function enforcing(port: number) {
  const ntlm = ntlmAuthenticator({ extendedProtection: true });
  const request = {
    organisation: demoOrganisation(),
    connection: `127.0.0.1|${port}`,
    certificate: der(certs.server.cert),
    host: "127.0.0.1",
  };
  /** NEGOTIATE → CHALLENGE → the AUTHENTICATE `craft` makes; true when signed in. */
  const leg = (craft: (h: NtlmHandshake, challenge: Uint8Array) => Uint8Array): boolean => {
    const handshake = new NtlmHandshake({ username: alex.email, password: alex.password });
    const first = ntlm.authenticate(toBase64(handshake.negotiate), request);
    const challenge = fromBase64((first as { continuation: string }).continuation.slice(5));
    return ntlm.authenticate(toBase64(craft(handshake, challenge)), request).ok;
  };
  return { ntlm, leg };
}

const served = () => tlsServerEndPoint(der(certs.server.cert));

Deno.test("Extended Protection: a binding for another certificate (TLS-inspecting proxy) is refused", () => {
  const { ntlm, leg } = enforcing(5001);
  const rogue = tlsServerEndPoint(der(certs.rogue.cert));
  assert.equal(
    leg((h, c) => h.authenticate(c, { host: "127.0.0.1", channelBinding: rogue })),
    false,
  );
  assert.equal(
    ntlm.refusals.at(-1),
    "Extended Protection: channel binding for another certificate",
  );
  assert.equal(leg((h, c) => h.authenticate(c, { host: "127.0.0.1" })), false);
  assert.equal(ntlm.refusals.at(-1), "Extended Protection: no channel binding");
  // The control case: the certificate the server presented binds.
  assert.equal(
    leg((h, c) => h.authenticate(c, { host: "127.0.0.1", channelBinding: served() })),
    true,
  );
});

Deno.test("Extended Protection: a missing MIC, a wrong service name and NTLMv1 are refused", () => {
  const { ntlm, leg } = enforcing(5002);
  const binding = served();
  assert.equal(
    leg((h, c) => h.authenticate(c, { host: "127.0.0.1", channelBinding: binding, mic: false })),
    false,
  );
  assert.equal(ntlm.refusals.at(-1), "Extended Protection: no MIC");

  assert.equal(
    leg((h, c) => h.authenticate(c, { host: "mail.elsewhere.test", channelBinding: binding })),
    false,
  );
  assert.match(ntlm.refusals.at(-1)!, /target name "http\/mail.elsewhere.test"/);

  // NTLMv1: a 24-byte NT response, as legacy clients send.
  assert.equal(
    leg((h, c) => {
      const v2 = readAuthenticate(
        h.authenticate(c, { host: "127.0.0.1", channelBinding: binding }),
      );
      return writeAuthenticate({ ...v2, ntResponse: new Uint8Array(randomBytes(24)) });
    }),
    false,
  );
  assert.equal(ntlm.refusals.at(-1), "NTLMv1 response refused");
});

Deno.test("Extended Protection: over plain HTTP no channel binding is sent", async () => {
  const h = await startHarness({ record: true, env: { EWS_AUTH_TYPE: "ntlm" } });
  try {
    assert.equal((await h.call("get_oof_settings")).isError, false);
    const authenticate = h.sim.authorizations
      .map((v) => fromBase64(v.split(" ")[1]))
      .find((bytes) => bytes[8] === 3)!;
    const pairs = readAvPairs(readAuthenticate(authenticate).ntResponse.slice(16 + 28));
    assert.ok(pairs.some((p) => p.id === Av.TARGET_NAME));
    assert.ok(pairs.some((p) => p.id === Av.FLAGS), "MIC flag still sent");
    assert.ok(!pairs.some((p) => p.id === Av.CHANNEL_BINDINGS));
  } finally {
    await h.close();
  }
});

Deno.test("Extended Protection: over HTTPS the binding matches the served certificate", async () => {
  const h = await startHarness({
    record: true,
    sim: { tls: certs.server },
    env: { EWS_CA_FILE: certs.caFile, EWS_AUTH_TYPE: "ntlm" },
  });
  try {
    assert.equal((await h.call("get_oof_settings")).isError, false);
    const authenticate = h.sim.authorizations
      .map((v) => fromBase64(v.split(" ")[1]))
      .find((bytes) => bytes[8] === 3)!;
    const pairs = readAvPairs(readAuthenticate(authenticate).ntResponse.slice(16 + 28));
    const binding = pairs.find((p) => p.id === Av.CHANNEL_BINDINGS)?.value;
    assert.ok(binding && !binding.every((b) => b === 0));
  } finally {
    await h.close();
  }
});

Deno.test("the binding hash follows the certificate's signature algorithm (RFC 5929)", () => {
  assert.equal(bindingHash(der(certs.server.cert)), "sha256");
  assert.equal(bindingHash(der(certs.sha384)), "sha384");
  const data = tlsServerEndPoint(der(certs.sha384));
  assert.equal(data.byteLength, "tls-server-end-point:".length + 48);
});
