/**
 * RFC 5929 `tls-server-end-point` channel binding: the hash of the certificate the server
 * presented, with the hash function of the certificate's own signature algorithm, except that
 * MD5 and SHA-1 are raised to SHA-256. Extended Protection checks this inside the NTLM
 * AUTHENTICATE message, so a TLS-intercepting proxy's certificate does not match.
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";

// Signature algorithm OIDs (DER content bytes, hex) whose hash is stronger than SHA-256.
const SHA384 = new Set(["2a864886f70d01010c", "2a8648ce3d040303"]);
const SHA512 = new Set(["2a864886f70d01010d", "2a8648ce3d040304"]);

/** The hash RFC 5929 picks for this certificate (DER). */
export function bindingHash(der: Uint8Array): "sha256" | "sha384" | "sha512" {
  const oid = signatureAlgorithmOid(der);
  if (oid && SHA384.has(oid)) return "sha384";
  if (oid && SHA512.has(oid)) return "sha512";
  return "sha256";
}

/** The channel binding's application data: `tls-server-end-point:` + certificate hash. */
export function tlsServerEndPoint(der: Uint8Array): Uint8Array {
  const hash = createHash(bindingHash(der)).update(der).digest();
  return new Uint8Array(Buffer.concat([Buffer.from("tls-server-end-point:"), hash]));
}

/** Reads Certificate.signatureAlgorithm.algorithm (the second element of the outer SEQUENCE). */
function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  try {
    const outer = element(der, 0);
    const tbs = element(der, outer.contentStart);
    const algorithm = element(der, tbs.end);
    const oid = element(der, algorithm.contentStart);
    if (oid.tag !== 0x06) return undefined;
    return Buffer.from(der.subarray(oid.contentStart, oid.end)).toString("hex");
  } catch {
    return undefined;
  }
}

function element(der: Uint8Array, at: number): { tag: number; contentStart: number; end: number } {
  const tag = der[at];
  let length = der[at + 1];
  let contentStart = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error("unsupported DER length");
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[contentStart + i];
    contentStart += bytes;
  }
  const end = contentStart + length;
  if (tag === undefined || end > der.byteLength) throw new Error("truncated DER");
  return { tag, contentStart, end };
}
