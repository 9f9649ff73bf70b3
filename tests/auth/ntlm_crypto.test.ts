/**
 * NTLMv2 against the test vectors of [MS-NLMP] section 4.2 (user "User", domain "Domain",
 * password "Password", server challenge 0123456789abcdef, client challenge aa×8) and MD4
 * against RFC 1320.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  channelBindingHash,
  md4,
  ntowfv2,
  rc4,
  v2Response,
  v2Temp,
} from "../../ews/auth/ntlm/crypto.ts";
import { NtlmHandshake, splitAccount } from "../../ews/auth/ntlm/client.ts";
import { Av, readAuthenticate, readAvPairs, readChallenge } from "../../ews/auth/ntlm/messages.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bytes = (hexText: string) => new Uint8Array(Buffer.from(hexText.replace(/\s+/g, ""), "hex"));
const ascii = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

const SERVER_CHALLENGE = bytes("0123456789abcdef");
const CLIENT_CHALLENGE = bytes("aaaaaaaaaaaaaaaa");
// AV pairs of the spec's CHALLENGE: NetBIOS domain "Domain", NetBIOS server "Server", EOL.
const SPEC_AV_PAIRS = bytes(
  "02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000",
);
// [MS-NLMP] 4.2.4.3 CHALLENGE_MESSAGE.
const SPEC_CHALLENGE = bytes(
  "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef" +
    "00000000000000002400240044000000060070170000000f5300650072007600" +
    "6500720002000c0044006f006d00610069006e0001000c005300650072007600" +
    "6500720000000000",
);

Deno.test("MD4 matches the RFC 1320 test suite", () => {
  assert.equal(hex(md4(ascii(""))), "31d6cfe0d16ae931b73c59d7e0c089c0");
  assert.equal(hex(md4(ascii("abc"))), "a448017aaf21d8525fc10ae87aa6729d");
  assert.equal(hex(md4(ascii("message digest"))), "d9130a8164549fe818874806e1c7014b");
  assert.equal(
    hex(
      md4(
        ascii("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
      ),
    ),
    "e33b4ddc9c38f2199c3e7b164fcc0536",
  );
});

Deno.test("NTOWFv2 matches [MS-NLMP] 4.2.4.1.1", () => {
  assert.equal(hex(ntowfv2("Password", "User", "Domain")), "0c868a403bfd7a93a3001ef22ef02e3f");
});

Deno.test("NTLMv2 proof, LMv2 response and session base key match [MS-NLMP] 4.2.4", () => {
  const key = ntowfv2("Password", "User", "Domain");
  const temp = v2Temp(new Uint8Array(8), CLIENT_CHALLENGE, SPEC_AV_PAIRS);
  const response = v2Response(key, SERVER_CHALLENGE, temp, CLIENT_CHALLENGE);
  assert.equal(hex(response.ntProof), "68cd0ab851e51c96aabc927bebef6a1c");
  assert.equal(hex(response.lmResponse), "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
  assert.equal(hex(response.sessionBaseKey), "8de40ccadbc14a82f15cb0ad0de95ca3");
});

Deno.test("the random session key is wrapped with RC4 as in [MS-NLMP] 4.2.4.2.3", () => {
  const sessionBaseKey = bytes("8de40ccadbc14a82f15cb0ad0de95ca3");
  const exported = new Uint8Array(16).fill(0x55);
  const wrapped = rc4(sessionBaseKey, exported);
  assert.equal(hex(wrapped), "c5dad2544fc9799094ce1ce90bc9d03e");
  assert.deepEqual(rc4(sessionBaseKey, wrapped), exported, "RC4 undoes itself");
});

Deno.test("the channel binding hash matches Microsoft's published example", () => {
  const data = new Uint8Array([
    ...ascii("tls-server-end-point:"),
    ...bytes("ea05fefecc6b0bd571dbbc5baa3ed45386d0446835f7b74c85621b9983475f95"),
  ]);
  assert.equal(hex(channelBindingHash(data)), "6586e99d81c2fc984e47172fd4dd0310");
});

Deno.test("the AUTHENTICATE message for the spec's CHALLENGE carries the expected proof", () => {
  const handshake = new NtlmHandshake({ username: "Domain\\User", password: "Password" });
  const bindings = new Uint8Array([
    ...ascii("tls-server-end-point:"),
    ...bytes("ea05fefecc6b0bd571dbbc5baa3ed45386d0446835f7b74c85621b9983475f95"),
  ]);
  const message = handshake.authenticate(SPEC_CHALLENGE, {
    host: "Server",
    channelBinding: bindings,
    clientChallenge: CLIENT_CHALLENGE,
    // 2017-05-23T20:13:07Z = FILETIME 131400439870000000 (the server sent no timestamp).
    now: new Date(1495570387000),
  });
  const auth = readAuthenticate(message);
  assert.equal(auth.user, "User");
  assert.equal(auth.domain, "Domain");
  // Proof over the target info the client extends with MsvAvFlags (MIC), the channel binding
  // and MsvAvTargetName HTTP/Server, as published alongside the spec's vectors.
  assert.equal(hex(auth.ntResponse.slice(0, 16)), "8c0260dbef690662af9c42d50782d2ed");
  const pairs = readAvPairs(auth.ntResponse.slice(16 + 28));
  assert.deepEqual(pairs.map((p) => p.id), [
    Av.NB_DOMAIN_NAME,
    Av.NB_COMPUTER_NAME,
    Av.FLAGS,
    Av.CHANNEL_BINDINGS,
    Av.TARGET_NAME,
  ]);
  assert.equal(auth.encryptedSessionKey.byteLength, 16, "KEY_EXCH: a wrapped session key");
  assert.notEqual(hex(auth.mic), "00".repeat(16), "a MIC is present");
  assert.equal(readChallenge(SPEC_CHALLENGE).targetName, "Server");
});

Deno.test("accounts: DOMAIN\\user splits, a UPN travels whole with an empty domain", () => {
  assert.deepEqual(splitAccount("CONTOSO\\alex"), { user: "alex", domain: "CONTOSO" });
  assert.deepEqual(splitAccount("alex@contoso.test"), { user: "alex@contoso.test", domain: "" });
});
