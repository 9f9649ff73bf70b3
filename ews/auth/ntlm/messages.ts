/**
 * The three NTLM messages ([MS-NLMP] 2.2.1): NEGOTIATE, CHALLENGE and AUTHENTICATE, written and
 * read as bytes. Both sides live here because the simulator verifies what the client writes.
 */
import { Buffer } from "node:buffer";
import { concatBytes } from "./crypto.ts";

export const SIGNATURE = new Uint8Array([0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00]);

/** NegotiateFlags bits ([MS-NLMP] 2.2.2.5). */
export const Flag = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  KEY_EXCH: 0x40000000,
  N56: 0x80000000,
} as const;

/** AV pair ids ([MS-NLMP] 2.2.2.1). */
export const Av = {
  EOL: 0,
  NB_COMPUTER_NAME: 1,
  NB_DOMAIN_NAME: 2,
  DNS_COMPUTER_NAME: 3,
  DNS_DOMAIN_NAME: 4,
  FLAGS: 6,
  TIMESTAMP: 7,
  TARGET_NAME: 9,
  CHANNEL_BINDINGS: 10,
} as const;

/** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
export const AV_FLAG_MIC = 0x2;

/** What a client asks for: NTLMv2 with extended session security, 128-bit keys, key exchange. */
export const CLIENT_FLAGS = Flag.UNICODE | Flag.REQUEST_TARGET | Flag.SIGN | Flag.NTLM |
  Flag.ALWAYS_SIGN | Flag.EXTENDED_SESSIONSECURITY | Flag.TARGET_INFO | Flag.VERSION |
  Flag.N128 | Flag.KEY_EXCH | Flag.N56;

/** Windows 10 build 19041, NTLM revision 15: the Version field's usual content. */
const VERSION = new Uint8Array([10, 0, 0x61, 0x4a, 0, 0, 0, 15]);

export class NtlmFormatError extends Error {
  override name = "NtlmFormatError";
}

export type AvPair = { id: number; value: Uint8Array };

export function writeAvPairs(pairs: AvPair[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (
    const { id, value } of [...pairs.filter((p) => p.id !== Av.EOL), {
      id: 0,
      value: new Uint8Array(0),
    }]
  ) {
    const head = new Uint8Array(4);
    const view = new DataView(head.buffer);
    view.setUint16(0, id, true);
    view.setUint16(2, value.byteLength, true);
    parts.push(head, value);
  }
  return concatBytes(...parts);
}

export function readAvPairs(bytes: Uint8Array): AvPair[] {
  const pairs: AvPair[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 4 <= bytes.byteLength;) {
    const id = view.getUint16(offset, true);
    const length = view.getUint16(offset + 2, true);
    if (id === Av.EOL) return pairs;
    if (offset + 4 + length > bytes.byteLength) throw new NtlmFormatError("AV pair overruns");
    pairs.push({ id, value: bytes.slice(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  throw new NtlmFormatError("AV pairs lack their terminator");
}

/** Lays out a message: fixed header, then each field's (length, offset) and the payload. */
class Writer {
  readonly #fixed: Uint8Array;
  readonly #view: DataView;
  readonly #payload: Uint8Array[] = [];
  #offset: number;

  constructor(type: number, fixedLength: number) {
    this.#fixed = new Uint8Array(fixedLength);
    this.#view = new DataView(this.#fixed.buffer);
    this.#fixed.set(SIGNATURE);
    this.#view.setUint32(8, type, true);
    this.#offset = fixedLength;
  }

  field(at: number, value: Uint8Array): void {
    this.#view.setUint16(at, value.byteLength, true);
    this.#view.setUint16(at + 2, value.byteLength, true);
    this.#view.setUint32(at + 4, value.byteLength ? this.#offset : 0, true);
    this.#payload.push(value);
    this.#offset += value.byteLength;
  }

  u32(at: number, value: number): void {
    this.#view.setUint32(at, value >>> 0, true);
  }

  bytes(at: number, value: Uint8Array): void {
    this.#fixed.set(value, at);
  }

  done(): Uint8Array {
    return concatBytes(this.#fixed, ...this.#payload);
  }
}

class Reader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array, type: number, minLength: number) {
    if (bytes.byteLength < minLength) throw new NtlmFormatError("NTLM message too short");
    for (let i = 0; i < 8; i++) {
      if (bytes[i] !== SIGNATURE[i]) throw new NtlmFormatError("not an NTLM message");
    }
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.view.getUint32(8, true) !== type) {
      throw new NtlmFormatError(`expected NTLM message type ${type}`);
    }
  }

  field(at: number): Uint8Array {
    const length = this.view.getUint16(at, true);
    const offset = this.view.getUint32(at + 4, true);
    if (length === 0) return new Uint8Array(0);
    if (offset + length > this.bytes.byteLength) throw new NtlmFormatError("field overruns");
    return this.bytes.slice(offset, offset + length);
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }
}

const text = (bytes: Uint8Array, unicode: boolean) =>
  Buffer.from(bytes).toString(unicode ? "utf16le" : "latin1");
const encode = (value: string, unicode: boolean) =>
  new Uint8Array(Buffer.from(value, unicode ? "utf16le" : "latin1"));

// ---- NEGOTIATE ------------------------------------------------------------------------------

export function writeNegotiate(flags = CLIENT_FLAGS): Uint8Array {
  const w = new Writer(1, 40);
  w.u32(12, flags);
  w.field(16, new Uint8Array(0));
  w.field(24, new Uint8Array(0));
  w.bytes(32, VERSION);
  return w.done();
}

export function readNegotiate(bytes: Uint8Array): { flags: number } {
  return { flags: new Reader(bytes, 1, 16).u32(12) };
}

// ---- CHALLENGE ------------------------------------------------------------------------------

export interface Challenge {
  flags: number;
  serverChallenge: Uint8Array;
  targetName: string;
  targetInfo: AvPair[];
}

export function writeChallenge(challenge: Challenge): Uint8Array {
  const unicode = (challenge.flags & Flag.UNICODE) !== 0;
  const w = new Writer(2, 56);
  w.field(12, encode(challenge.targetName, unicode));
  w.u32(20, challenge.flags);
  w.bytes(24, challenge.serverChallenge);
  w.field(40, writeAvPairs(challenge.targetInfo));
  w.bytes(48, VERSION);
  return w.done();
}

export function readChallenge(bytes: Uint8Array): Challenge {
  const r = new Reader(bytes, 2, 32);
  const flags = r.u32(20);
  const unicode = (flags & Flag.UNICODE) !== 0;
  const hasInfo = (flags & Flag.TARGET_INFO) !== 0 && bytes.byteLength >= 48;
  return {
    flags,
    serverChallenge: bytes.slice(24, 32),
    targetName: text(r.field(12), unicode),
    targetInfo: hasInfo ? readAvPairs(r.field(40)) : [],
  };
}

// ---- AUTHENTICATE ---------------------------------------------------------------------------

export interface Authenticate {
  flags: number;
  lmResponse: Uint8Array;
  ntResponse: Uint8Array;
  domain: string;
  user: string;
  workstation: string;
  encryptedSessionKey: Uint8Array;
  /** 16 bytes; zero while the MIC is being computed. */
  mic: Uint8Array;
}

/** MIC offset in an AUTHENTICATE message that carries a Version field. */
export const MIC_OFFSET = 72;

export function writeAuthenticate(message: Authenticate): Uint8Array {
  const unicode = (message.flags & Flag.UNICODE) !== 0;
  const w = new Writer(3, 88);
  w.field(12, message.lmResponse);
  w.field(20, message.ntResponse);
  w.field(28, encode(message.domain, unicode));
  w.field(36, encode(message.user, unicode));
  w.field(44, encode(message.workstation, unicode));
  w.field(52, message.encryptedSessionKey);
  w.u32(60, message.flags);
  w.bytes(64, VERSION);
  w.bytes(MIC_OFFSET, message.mic);
  return w.done();
}

export function readAuthenticate(bytes: Uint8Array): Authenticate {
  const r = new Reader(bytes, 3, 64);
  const flags = r.u32(60);
  const unicode = (flags & Flag.UNICODE) !== 0;
  // Payload starting at 88 or later means the Version and MIC fields are present.
  const payloadStart = Math.min(
    ...[12, 20, 28, 36, 44, 52].map((at) => r.view.getUint16(at, true) ? r.u32(at + 4) : Infinity),
  );
  return {
    flags,
    lmResponse: r.field(12),
    ntResponse: r.field(20),
    domain: text(r.field(28), unicode),
    user: text(r.field(36), unicode),
    workstation: text(r.field(44), unicode),
    encryptedSessionKey: r.field(52),
    mic: payloadStart >= 88 ? bytes.slice(MIC_OFFSET, MIC_OFFSET + 16) : new Uint8Array(0),
  };
}

/** The message with its MIC field zeroed, as the MIC is computed over it. */
export function withoutMic(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
  return copy;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

export function fromBase64(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value.trim(), "base64"));
}
