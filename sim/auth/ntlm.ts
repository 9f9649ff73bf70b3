/**
 * NTLM as IIS runs it in front of EWS: a NEGOTIATE message gets a CHALLENGE (HTTP 401), the
 * AUTHENTICATE message is verified against the account's stored password (NTLMv2 only, as
 * current domains require), and from then on the CONNECTION is signed in: later requests on it
 * need no Authorization header. A challenge is single-use and expires; a replayed or late
 * AUTHENTICATE message is refused. Under `Negotiate` the same raw NTLM tokens are accepted, as
 * Windows does for clients that do not speak SPNEGO/Kerberos.
 */
import { Buffer } from "node:buffer";
import { tlsServerEndPoint } from "../../ews/auth/ntlm/channel_binding.ts";
import {
  channelBindingHash,
  concatBytes,
  fileTime,
  hmacMd5,
  ntowfv2,
  rc4,
  sameBytes,
  utf16le,
} from "../../ews/auth/ntlm/crypto.ts";
import {
  Av,
  AV_FLAG_MIC,
  Flag,
  fromBase64,
  NtlmFormatError,
  readAuthenticate,
  readAvPairs,
  readNegotiate,
  toBase64,
  withoutMic,
  writeChallenge,
} from "../../ews/auth/ntlm/messages.ts";
import type { Authenticator, AuthRequest, AuthStep, Principal } from "../soap/auth.ts";

export interface NtlmOptions {
  /** `NTLM` (default) or `Negotiate`. */
  scheme?: "NTLM" | "Negotiate";
  /** How long a CHALLENGE may be answered (default 5 minutes). */
  challengeTtlMs?: number;
  /** Clock (tests move it to expire challenges). */
  now?: () => number;
  /**
   * Extended Protection for Authentication (Exchange 2019 CU14+ default): over HTTPS the
   * AUTHENTICATE message must carry a MIC and the channel binding of this server's certificate,
   * and name this host as target (`HTTP/host`).
   */
  extendedProtection?: boolean;
}

interface PendingChallenge {
  negotiate: Uint8Array;
  message: Uint8Array;
  serverChallenge: Uint8Array;
  issuedAt: number;
}

export interface NtlmAuthenticator extends Authenticator {
  /** Why each refused AUTHENTICATE message was refused (tests read it). */
  readonly refusals: string[];
  /** Forgets every signed-in connection, as a server restart or a dropped socket does. */
  forgetConnections(): void;
}

/** Closed connections are never announced: keep the newest entries only (a long demo run). */
function bound<K, V>(map: Map<K, V>, max = 10_000): void {
  if (map.size > max) map.delete(map.keys().next().value!);
}

export function ntlmAuthenticator(options: NtlmOptions = {}): NtlmAuthenticator {
  const scheme = options.scheme ?? "NTLM";
  const ttl = options.challengeTtlMs ?? 5 * 60_000;
  const now = options.now ?? (() => Date.now());
  const pending = new Map<string, PendingChallenge>();
  const signedIn = new Map<string, Principal>();
  const refusals: string[] = [];

  const refuse = (reason: string): AuthStep => {
    refusals.push(reason);
    return { ok: false, reason };
  };

  function challenge(connection: string, negotiate: Uint8Array, request: AuthRequest): AuthStep {
    const { flags } = readNegotiate(negotiate);
    const org = request.organisation;
    const serverChallenge = crypto.getRandomValues(new Uint8Array(8));
    const message = writeChallenge({
      flags: Flag.UNICODE | Flag.REQUEST_TARGET | Flag.NTLM | Flag.ALWAYS_SIGN |
        Flag.TARGET_TYPE_DOMAIN | Flag.EXTENDED_SESSIONSECURITY | Flag.TARGET_INFO |
        Flag.VERSION | (flags & (Flag.SIGN | Flag.SEAL | Flag.N128 | Flag.KEY_EXCH | Flag.N56)),
      serverChallenge,
      targetName: org.netbiosName,
      targetInfo: [
        { id: Av.NB_DOMAIN_NAME, value: utf16le(org.netbiosName) },
        { id: Av.NB_COMPUTER_NAME, value: utf16le("EXSIM01") },
        { id: Av.DNS_DOMAIN_NAME, value: utf16le(org.domain) },
        { id: Av.DNS_COMPUTER_NAME, value: utf16le(`exsim01.${org.domain}`) },
        { id: Av.TIMESTAMP, value: fileTime(new Date(now())) },
      ],
    });
    // A new handshake on a signed-in connection signs it out until it completes.
    signedIn.delete(connection);
    pending.set(connection, { negotiate, message, serverChallenge, issuedAt: now() });
    bound(pending);
    return { ok: false, continuation: `${scheme} ${toBase64(message)}` };
  }

  function verify(connection: string, bytes: Uint8Array, request: AuthRequest): AuthStep {
    const state = pending.get(connection);
    // Single use: whatever the outcome, this challenge cannot be answered twice.
    pending.delete(connection);
    if (!state) return refuse("no outstanding challenge on this connection (replayed message?)");
    if (now() - state.issuedAt > ttl) return refuse("challenge expired");
    const auth = readAuthenticate(bytes);
    if (auth.ntResponse.byteLength <= 24) return refuse("NTLMv1 response refused");
    const account = auth.user.includes("@")
      ? request.organisation.account(auth.user)
      : request.organisation.account(auth.domain ? `${auth.domain}\\${auth.user}` : auth.user);
    if (!account) return refuse(`unknown account ${auth.domain}\\${auth.user}`);
    const key = ntowfv2(account.password, auth.user, auth.domain);
    const proof = auth.ntResponse.slice(0, 16);
    const temp = auth.ntResponse.slice(16);
    if (!sameBytes(hmacMd5(key, state.serverChallenge, temp), proof)) {
      return refuse("wrong password");
    }
    const pairs = readAvPairs(temp.slice(28));
    const avFlags = pairs.find((p) => p.id === Av.FLAGS)?.value;
    const micPresent = avFlags?.byteLength === 4 &&
      (new DataView(avFlags.buffer, avFlags.byteOffset).getUint32(0, true) & AV_FLAG_MIC) !== 0;
    if (options.extendedProtection && request.certificate) {
      if (!micPresent) return refuse("Extended Protection: no MIC");
      const binding = pairs.find((p) => p.id === Av.CHANNEL_BINDINGS)?.value;
      const expected = channelBindingHash(tlsServerEndPoint(request.certificate));
      if (!binding || binding.every((b) => b === 0)) {
        return refuse("Extended Protection: no channel binding");
      }
      if (!sameBytes(binding, expected)) {
        return refuse("Extended Protection: channel binding for another certificate");
      }
      // Service binding: a target name naming another service is refused; clients that send
      // none (requests_ntlm, say) pass on the channel binding alone, as with IIS.
      const target = pairs.find((p) => p.id === Av.TARGET_NAME)?.value;
      const name = target ? Buffer.from(target).toString("utf16le").toLowerCase() : "";
      if (target && request.host && name !== `http/${request.host.toLowerCase()}`) {
        return refuse(`Extended Protection: target name "${name}" is not this service`);
      }
    }
    if (micPresent) {
      const sessionBaseKey = hmacMd5(key, proof);
      const exported = auth.flags & Flag.KEY_EXCH
        ? rc4(sessionBaseKey, auth.encryptedSessionKey)
        : sessionBaseKey;
      const mic = hmacMd5(exported, concatBytes(state.negotiate, state.message, withoutMic(bytes)));
      if (!sameBytes(mic, auth.mic)) return refuse("MIC does not match");
    }
    const principal: Principal = { kind: "user", account };
    signedIn.set(connection, principal);
    bound(signedIn);
    return { ok: true, principal };
  }

  return {
    scheme,
    refusals,
    challenge: () => scheme,
    connectionPrincipal: (connection) => signedIn.get(connection),
    forgetConnections: () => {
      signedIn.clear();
      pending.clear();
    },
    authenticate(credentials, request) {
      // NTLM needs a connection to bind to; an in-process call has none.
      if (!request.connection) return refuse("no connection to authenticate");
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(credentials);
        const type = bytes.byteLength >= 12
          ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
          : 0;
        if (type === 1) return challenge(request.connection, bytes, request);
        if (type === 3) return verify(request.connection, bytes, request);
        return refuse("not an NTLM NEGOTIATE or AUTHENTICATE message");
      } catch (error) {
        if (error instanceof NtlmFormatError) return refuse(`malformed message: ${error.message}`);
        throw error;
      }
    },
  };
}
