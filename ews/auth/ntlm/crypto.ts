/**
 * The NTLMv2 one-way functions of [MS-NLMP] 3.3.2 and 3.4, on `node:crypto` (MD4, MD5 and
 * HMAC-MD5 are present in Deno's and Bun's builds) plus RC4, which OpenSSL 3 no longer offers by
 * default and which is small enough to carry here.
 */
import { Buffer } from "node:buffer";
import { createHash, createHmac } from "node:crypto";

export function utf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "utf16le"));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export function md4(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("md4").update(data).digest());
}

export function md5(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("md5").update(data).digest());
}

export function hmacMd5(key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
  const mac = createHmac("md5", key);
  for (const part of data) mac.update(part);
  return new Uint8Array(mac.digest());
}

/** NTOWFv2: HMAC_MD5(MD4(UNICODE(password)), UNICODE(Uppercase(user) + domain)). */
export function ntowfv2(password: string, user: string, domain: string): Uint8Array {
  return hmacMd5(md4(utf16le(password)), utf16le(user.toUpperCase() + domain));
}

/** RC4 (the KEY_EXCH session-key wrapping); encryption and decryption are the same. */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

/** The NTLMv2 response of [MS-NLMP] 3.3.2 for one challenge. */
export interface V2Response {
  /** NTProofStr || temp: the NtChallengeResponse field. */
  ntResponse: Uint8Array;
  /** LMv2 response (ignored by servers that sent a timestamp; then Z(24) is sent). */
  lmResponse: Uint8Array;
  ntProof: Uint8Array;
  sessionBaseKey: Uint8Array;
}

/**
 * temp = Responserversion(1) HiResponserversion(1) Z(6) Time(8) ClientChallenge(8) Z(4)
 * ServerName(AV pairs) Z(4)
 */
export function v2Temp(timestamp: Uint8Array, clientChallenge: Uint8Array, avPairs: Uint8Array) {
  return concatBytes(
    new Uint8Array([1, 1, 0, 0, 0, 0, 0, 0]),
    timestamp,
    clientChallenge,
    new Uint8Array(4),
    avPairs,
    new Uint8Array(4),
  );
}

export function v2Response(
  responseKey: Uint8Array,
  serverChallenge: Uint8Array,
  temp: Uint8Array,
  clientChallenge: Uint8Array,
): V2Response {
  const ntProof = hmacMd5(responseKey, serverChallenge, temp);
  return {
    ntProof,
    ntResponse: concatBytes(ntProof, temp),
    lmResponse: concatBytes(
      hmacMd5(responseKey, serverChallenge, clientChallenge),
      clientChallenge,
    ),
    sessionBaseKey: hmacMd5(responseKey, ntProof),
  };
}

/** Now as a Windows FILETIME (100 ns since 1601), little-endian. */
export function fileTime(date: Date): Uint8Array {
  const ticks = (BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n;
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, ticks, true);
  return out;
}

/**
 * MsvAvChannelBindings value: MD5 of a gss_channel_bindings_struct whose only content is the
 * application data (RFC 5929 `tls-server-end-point:` + certificate hash), [MS-NLMP] 2.2.2.1.
 */
export function channelBindingHash(applicationData: Uint8Array): Uint8Array {
  const header = new Uint8Array(20);
  new DataView(header.buffer).setUint32(16, applicationData.byteLength, true);
  return md5(concatBytes(header, applicationData));
}

/** Constant-time comparison of two MACs. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
