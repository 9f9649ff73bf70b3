/**
 * Who is at the other end of an HTTP request, before any credential is looked at: the Host and
 * Origin allow-lists (DNS-rebinding protection, also behind a proxy and on 0.0.0.0) and the
 * client address, with `X-Forwarded-*` believed only from trusted proxies.
 */
import { isIP } from "node:net";

export interface AccessOptions {
  /** Host names accepted (any case, port ignored); `*` accepts any. */
  allowedHosts: string[];
  /** Origins accepted (`https://app.contoso.com` or a bare host name); default: the host list. */
  allowedOrigins?: string[];
  /** Peers (IPs or CIDRs) whose `X-Forwarded-*` headers are believed. */
  trustedProxies: string[];
}

export interface Peer {
  /** The client's address: the peer's, or the one a trusted proxy forwarded. */
  address: string;
  /** The host name the client asked for (from a trusted proxy's X-Forwarded-Host, else Host). */
  host?: string;
  /** `https` when a trusted proxy says so, else `http`. */
  proto: "http" | "https";
  /** Whether the direct peer is a trusted proxy. */
  viaTrustedProxy: boolean;
}

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"];

export const isLoopbackBind = (host: string) =>
  LOOPBACK_HOSTS.includes(host.toLowerCase()) || /^127\./.test(host);

/** `Example.COM:8000` → `example.com`; `[::1]:80` → `::1`. */
export function hostnameOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let text = value.trim().toLowerCase();
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    return end > 0 ? text.slice(1, end) : undefined;
  }
  if ((text.match(/:/g) ?? []).length === 1) text = text.slice(0, text.indexOf(":"));
  return text.replace(/\.$/, "") || undefined;
}

export function createAccess(options: AccessOptions) {
  const hosts = new Set(options.allowedHosts.map((h) => hostnameOf(h) ?? h.toLowerCase()));
  const anyHost = hosts.has("*");
  const origins = (options.allowedOrigins ?? options.allowedHosts).map((o) => o.toLowerCase());
  const trusted = options.trustedProxies.map(parseCidr);

  const isTrusted = (address: string) => trusted.some((range) => inRange(range, address));

  return {
    peer(headers: Headers, remoteAddress: string): Peer {
      const direct = normaliseIp(remoteAddress);
      if (!isTrusted(direct)) {
        return {
          address: direct,
          host: hostnameOf(headers.get("host") ?? undefined),
          proto: "http",
          viaTrustedProxy: false,
        };
      }
      // Walk X-Forwarded-For from the right: the first address that is not one of our proxies
      // is the client (anything further left was written by the client itself).
      const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((a) => a.trim())
        .filter(Boolean).map(normaliseIp);
      let client = direct;
      for (let i = chain.length - 1; i >= 0; i--) {
        client = chain[i];
        if (!isTrusted(client)) break;
      }
      const forwardedHost = headers.get("x-forwarded-host")?.split(",")[0];
      const proto = headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase();
      return {
        address: client,
        host: hostnameOf(forwardedHost ?? headers.get("host") ?? undefined),
        proto: proto === "https" ? "https" : "http",
        viaTrustedProxy: true,
      };
    },

    /** Why the request is refused (Host or Origin not allowed), or undefined. */
    refusal(peer: Peer, origin: string | null): string | undefined {
      if (!anyHost && (!peer.host || !hosts.has(peer.host))) {
        return `Host not allowed: ${peer.host ?? "(none)"}`;
      }
      if (origin === null) return undefined; // non-browser clients send none
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        return `Origin not allowed: ${origin}`;
      }
      const originHost = hostnameOf(parsed.host);
      const ok = origins.some((allowed) =>
        allowed === "*" || allowed === parsed.origin.toLowerCase() ||
        (!allowed.includes("://") && (hostnameOf(allowed) ?? allowed) === originHost)
      );
      return ok ? undefined : `Origin not allowed: ${origin}`;
    },
  };
}

export type Access = ReturnType<typeof createAccess>;

interface Range {
  bytes: number[];
  bits: number;
}

function parseCidr(text: string): Range {
  const [ip, bitsText] = text.trim().split("/");
  const bytes = ipBytes(normaliseIp(ip));
  if (!bytes) throw new Error(`MCP_TRUSTED_PROXIES: not an IP address or CIDR: ${text}`);
  const bits = bitsText === undefined ? bytes.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > bytes.length * 8) {
    throw new Error(`MCP_TRUSTED_PROXIES: bad prefix length in ${text}`);
  }
  return { bytes, bits };
}

function inRange(range: Range, address: string): boolean {
  const bytes = ipBytes(address);
  if (!bytes || bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((bytes[bit >> 3] & mask) !== (range.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`, so IPv4 peers on dual-stack sockets match IPv4 rules. */
function normaliseIp(address: string): string {
  const text = address.trim().toLowerCase().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  return mapped ? mapped[1] : text;
}

function ipBytes(address: string): number[] | undefined {
  const kind = isIP(address);
  if (kind === 4) return address.split(".").map(Number);
  if (kind !== 6) return undefined;
  const [head, tail] = address.split("::");
  const part = (s: string | undefined) => (s ? s.split(":") : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const groups = tail === undefined
    ? left
    : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}
