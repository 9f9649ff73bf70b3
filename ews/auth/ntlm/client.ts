/**
 * The client side of one NTLMv2 handshake ([MS-NLMP] 3.1.5): the NEGOTIATE message, then the
 * AUTHENTICATE message answering the server's CHALLENGE with an NTLMv2 response, a random
 * session key wrapped with the key-exchange key, MsvAvFlags with a MIC, the target name, and the
 * channel binding when the connection is TLS.
 */
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import {
  channelBindingHash,
  fileTime,
  hmacMd5,
  ntowfv2,
  rc4,
  v2Response,
  v2Temp,
} from "./crypto.ts";
import {
  Av,
  AV_FLAG_MIC,
  type AvPair,
  CLIENT_FLAGS,
  Flag,
  MIC_OFFSET,
  readChallenge,
  writeAuthenticate,
  writeAvPairs,
  writeNegotiate,
} from "./messages.ts";

export interface NtlmCredentials {
  /** `DOMAIN\user` or `user@domain` (UPN). */
  username: string;
  password: string;
  /** Sent as the workstation name; harmless to leave empty. */
  workstation?: string;
}

/** `DOMAIN\user` → (user, DOMAIN); a UPN travels whole with an empty domain, as Windows does. */
export function splitAccount(username: string): { user: string; domain: string } {
  const slash = username.indexOf("\\");
  if (slash >= 0) return { user: username.slice(slash + 1), domain: username.slice(0, slash) };
  return { user: username, domain: "" };
}

export interface AuthenticateOptions {
  /** Host of the server, for MsvAvTargetName `HTTP/host` (service binding). */
  host: string;
  /**
   * RFC 5929 application data (`tls-server-end-point:` + certificate hash) of the TLS connection
   * the handshake runs on; absent over plain HTTP.
   */
  channelBinding?: Uint8Array;
  /** Test seam: `false` leaves out the MIC, as old clients do. */
  mic?: boolean;
  /** Test seams: fixed randomness and clock. */
  clientChallenge?: Uint8Array;
  exportedSessionKey?: Uint8Array;
  now?: Date;
}

export class NtlmHandshake {
  readonly negotiate: Uint8Array = writeNegotiate();

  constructor(readonly credentials: NtlmCredentials) {}

  /** The AUTHENTICATE message for the server's CHALLENGE (raw bytes). */
  authenticate(challengeBytes: Uint8Array, options: AuthenticateOptions): Uint8Array {
    const challenge = readChallenge(challengeBytes);
    const { user, domain } = splitAccount(this.credentials.username);
    const clientChallenge = options.clientChallenge ?? new Uint8Array(randomBytes(8));
    const serverTime = challenge.targetInfo.find((p) => p.id === Av.TIMESTAMP)?.value;
    const timestamp = serverTime ?? fileTime(options.now ?? new Date());

    const pairs: AvPair[] = challenge.targetInfo.filter((p) =>
      p.id !== Av.FLAGS && p.id !== Av.CHANNEL_BINDINGS && p.id !== Av.TARGET_NAME
    );
    const serverFlags = challenge.targetInfo.find((p) => p.id === Av.FLAGS)?.value;
    const avFlags = new Uint8Array(4);
    const flagsView = new DataView(avFlags.buffer);
    flagsView.setUint32(
      0,
      (serverFlags ? new DataView(serverFlags.buffer).getUint32(0, true) : 0) |
        AV_FLAG_MIC,
      true,
    );
    const withMic = options.mic !== false;
    if (withMic) pairs.push({ id: Av.FLAGS, value: avFlags });
    // Over TLS, the binding of the certificate this connection saw; over plain HTTP, none.
    if (options.channelBinding) {
      pairs.push({ id: Av.CHANNEL_BINDINGS, value: channelBindingHash(options.channelBinding) });
    }
    pairs.push({
      id: Av.TARGET_NAME,
      value: new Uint8Array(Buffer.from(`HTTP/${options.host}`, "utf16le")),
    });

    const responseKey = ntowfv2(this.credentials.password, user, domain);
    const temp = v2Temp(timestamp, clientChallenge, writeAvPairs(pairs));
    const response = v2Response(responseKey, challenge.serverChallenge, temp, clientChallenge);

    const flags = (CLIENT_FLAGS & challenge.flags) | Flag.UNICODE | Flag.NTLM;
    const keyExchange = (flags & Flag.KEY_EXCH) !== 0;
    const exportedSessionKey = keyExchange
      ? options.exportedSessionKey ?? new Uint8Array(randomBytes(16))
      : response.sessionBaseKey;
    const message = writeAuthenticate({
      flags,
      // With a server timestamp the LMv2 response is replaced by zeros ([MS-NLMP] 3.1.5.1.2).
      lmResponse: serverTime ? new Uint8Array(24) : response.lmResponse,
      ntResponse: response.ntResponse,
      domain,
      user,
      workstation: this.credentials.workstation ?? "",
      encryptedSessionKey: keyExchange
        ? rc4(response.sessionBaseKey, exportedSessionKey)
        : new Uint8Array(0),
      mic: new Uint8Array(16),
    });
    if (withMic) {
      message.set(hmacMd5(exportedSessionKey, this.negotiate, challengeBytes, message), MIC_OFFSET);
    }
    return message;
  }
}
