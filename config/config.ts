/**
 * Configuration: environment, then `.env`, then flags (flags win). Variable names match the
 * Python EWS MCP servers so their users can switch. Every problem is reported at once, one line
 * each, before anything starts.
 */
import { statSync } from "node:fs";
import { isIP } from "node:net";
import { resolve } from "node:path";
import type { LogLevel } from "../ews/log.ts";
import type { ImpersonationType } from "../ews/mailbox/resolver.ts";
import { windowsTimeZoneId } from "../ews/timezones.ts";
import type { Area } from "../tools/tool.ts";
import { DEFAULT_PROFILE, parseToolsets } from "../tools/toolsets.ts";
import { defaultCachePath } from "../ews/autodiscover_cache.ts";
import { type AuthConfig, loadAuthConfig } from "./auth.ts";
import type { CliArgs } from "./cli.ts";

export interface Config {
  ews: {
    endpoint: URL;
    email: string;
    authType: AuthConfig["type"];
    /** Sign-in settings of the chosen scheme (holds the secrets). */
    auth: AuthConfig;
    /** Basic/NTLM account and password ("" for token schemes). */
    username: string;
    password: string;
    /** Skip TLS certificate verification (labs only; warned about at start). */
    insecureSkipVerify: boolean;
    /** Requests in flight toward Exchange at once; more wait in a queue. */
    maxConcurrency: number;
    /** Longest BackOffMilliseconds honoured before a throttled read fails instead. */
    maxBackOffMs: number;
    /** Set when EWS_SERVER_URL is absent: `endpoint` is then found by Autodiscover at start. */
    autodiscover?: { url?: URL; allowedHosts: string[]; cacheFile?: string };
    serverVersion: string;
    timeoutMs: number;
    timeZone?: string;
    windowsTimeZoneId?: string;
    caFile?: string;
  };
  impersonation: { enabled: boolean; type: ImpersonationType };
  mcp: {
    transport: "stdio" | "http";
    host: string;
    port: number;
    allowedHosts?: string[];
    authToken?: string;
    /** Named static API keys (`MCP_API_KEYS`); `MCP_AUTH_TOKEN` joins them unnamed. */
    apiKeys: ApiKeyConfig[];
    /** Lets HTTP bind a non-loopback address with no client authentication. */
    allowUnauthenticated: boolean;
    allowedOrigins?: string[];
    /** The URL clients use (behind a proxy), for advertised URLs such as OAuth metadata. */
    publicUrl?: URL;
    /** Peers (IPs or CIDRs) whose X-Forwarded-* headers are believed. */
    trustedProxies: string[];
    /** Requests per minute per caller; 0 turns the limit off. */
    rateLimitPerMinute: number;
    oauth?: OAuthConfig;
  };
  /** Which mailboxes any caller may reach (`EWS_ALLOWED_MAILBOXES` / `EWS_DENIED_MAILBOXES`). */
  mailboxPolicy: { allowed?: string[]; denied: string[] };
  /** Areas whose tools are served from the start (toolsets, then ENABLE_* overrides). */
  enabledAreas: Set<Area>;
  /** Areas that may be served at all (every area but those with ENABLE_*=false). */
  availableAreas: Set<Area>;
  /** Load toolsets on demand (`--dynamic-toolsets`); starts with those named explicitly. */
  dynamicToolsets: boolean;
  /** Whether toolsets were named (flag, EWS_TOOLSETS or ENABLE_*=true) rather than defaulted. */
  toolsetsNamed: boolean;
  readOnly: boolean;
  logLevel: LogLevel;
  /** `text` (default) or `json` lines. */
  logFormat: "text" | "json";
  auditLog?: string;
  /** Local directories attachment tools may use, and the size cap (see tools/files.ts). */
  files: { downloadDir?: string; uploadDir?: string; maxBytes: number };
}

export interface ApiKeyConfig {
  name: string;
  key: string;
  /** Mailbox patterns this key may reach (`EWS_ALLOWED_MAILBOXES_<NAME>`), on top of the global policy. */
  allowedMailboxes?: string[];
}

export interface OAuthConfig {
  jwksUrl: URL;
  issuer: string;
  audience: string;
  /** Scopes every token must carry. */
  requiredScopes: string[];
  /** Claim listing the mailbox patterns a token may reach (optional per-token policy). */
  mailboxClaim?: string;
  /** Authorization servers advertised in the protected-resource metadata (default: the issuer). */
  authorizationServers: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const AREAS: Record<string, Area> = {
  ENABLE_EMAIL: "email",
  ENABLE_ATTACHMENTS: "attachments",
  ENABLE_CALENDAR: "calendar",
  ENABLE_CONTACTS: "contacts",
  ENABLE_TASKS: "tasks",
  ENABLE_FOLDERS: "folders",
  ENABLE_OOF: "oof",
};

/**
 * Exchange 2013 and later: listings ask FindItem for `item:Preview` and requests carry a
 * TimeZoneContext, which older servers refuse. (Exchange 2010 left support in 2020.)
 */
const SERVER_VERSIONS = [
  "Exchange2013",
  "Exchange2013_SP1",
  "Exchange2015",
  "Exchange2016",
];

/**
 * Accepts a host (`mail.contoso.com`), a base URL, or the full EWS URL, and returns the full
 * `https://host/EWS/Exchange.asmx` URL.
 */
export function normalizeEwsUrl(value: string): URL {
  let text = value.trim();
  if (!/^https?:\/\//i.test(text)) text = `https://${text}`;
  const url = new URL(text);
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/exchange\.asmx$/i.test(path)) url.pathname = path;
  else if (/\/ews$/i.test(path)) url.pathname = `${path}/Exchange.asmx`;
  else url.pathname = `${path}/EWS/Exchange.asmx`;
  return url;
}

export function loadConfig(env: Record<string, string | undefined>, cli: CliArgs): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === "" ? undefined : value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  };
  const oneOf = <T extends string>(
    name: string,
    value: string | undefined,
    allowed: readonly T[],
    fallback: T,
  ): T => {
    if (value === undefined) return fallback;
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (!match) problems.push(`${name} must be one of ${allowed.join(", ")} (got "${value}")`);
    return match ?? fallback;
  };

  /** Older servers are named apart: what is wrong is the server, not the spelling. */
  const supportedServerVersion = (value: string | undefined) => {
    if (value === undefined || !/^Exchange20(07|10)/i.test(value)) return value;
    problems.push(
      `EWS_SERVER_VERSION=${value}: ews-mcp needs Exchange 2013 or later (listings ask for ` +
        "item:Preview and requests carry a TimeZoneContext, which older servers refuse)",
    );
    return undefined;
  };

  let endpoint = new URL("https://invalid.invalid/EWS/Exchange.asmx");
  const serverUrl = get("EWS_SERVER_URL");
  // Without EWS_SERVER_URL the EWS URL is found by Autodiscover from EWS_EMAIL's domain.
  let autodiscover: Config["ews"]["autodiscover"];
  if (!serverUrl && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(get("EWS_EMAIL") ?? "")) {
    problems.push(
      "EWS_SERVER_URL is required (e.g. mail.contoso.com), or a valid EWS_EMAIL to find it by " +
        "Autodiscover, or run with --demo",
    );
  } else if (!serverUrl) {
    const explicit = get("EWS_AUTODISCOVER_URL");
    let url: URL | undefined;
    try {
      url = explicit ? new URL(explicit) : undefined;
    } catch {
      problems.push(`EWS_AUTODISCOVER_URL is not a URL: "${explicit}"`);
    }
    autodiscover = {
      url,
      allowedHosts: get("EWS_AUTODISCOVER_ALLOWED_HOSTS")?.split(",").map((h) => h.trim())
        .filter(Boolean) ?? [],
      // "off" disables the cache; default: a file in the user's cache directory.
      cacheFile: get("EWS_AUTODISCOVER_CACHE")?.toLowerCase() === "off"
        ? undefined
        : get("EWS_AUTODISCOVER_CACHE") ?? defaultCachePath(),
    };
  } else {
    try {
      endpoint = normalizeEwsUrl(serverUrl);
    } catch {
      problems.push(`EWS_SERVER_URL is not a valid host or URL: "${serverUrl}"`);
    }
  }
  const email = get("EWS_EMAIL") ?? "";
  if (!email) problems.push("EWS_EMAIL is required (the service account's mailbox address)");
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    problems.push(`EWS_EMAIL is not an email address: "${email}"`);
  }
  const auth = loadAuthConfig(get, email, problems);

  const timeoutText = get("REQUEST_TIMEOUT");
  let timeoutMs = 120_000;
  if (timeoutText !== undefined) {
    const seconds = Number(timeoutText);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
      problems.push(`REQUEST_TIMEOUT must be seconds between 1 and 3600 (got "${timeoutText}")`);
    } else timeoutMs = seconds * 1000;
  }

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${text}")`);
      return fallback;
    }
    return n;
  };
  // Exchange's default throttling policy allows 27 concurrent EWS requests per user.
  const maxConcurrency = integer("EWS_MAX_CONCURRENCY", 27, 1, 1000);
  const maxBackOffMs = integer("EWS_MAX_BACKOFF", 30, 0, 3600) * 1000;

  const timeZone = get("TIMEZONE");
  let windowsZone: string | undefined;
  if (timeZone) {
    try {
      windowsZone = windowsTimeZoneId(timeZone);
    } catch (error) {
      problems.push(`TIMEZONE: ${(error as Error).message}`);
    }
  }

  const transport = oneOf(
    "MCP_TRANSPORT / --transport",
    (cli.transport ?? get("MCP_TRANSPORT"))?.replace(/^streamable-http$/i, "http"),
    ["stdio", "http"] as const,
    "stdio",
  );
  const portText = cli.port ?? get("MCP_PORT");
  let port = 8000;
  if (portText !== undefined) {
    const n = Number(portText);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      problems.push(`MCP_PORT / --port must be a port number 0-65535 (got "${portText}")`);
    } else port = n;
  }

  const directory = (name: string): string | undefined => {
    const value = get(name);
    if (value === undefined) return undefined;
    const path = resolve(value);
    try {
      if (statSync(path).isDirectory()) return path;
    } catch { /* reported below */ }
    problems.push(`${name} must be an existing directory (got "${value}")`);
    return undefined;
  };
  const maxMbText = get("EWS_MAX_ATTACHMENT_MB");
  let maxMb = 25;
  if (maxMbText !== undefined) {
    const n = Number(maxMbText);
    if (!Number.isFinite(n) || n <= 0 || n > 150) {
      problems.push(
        `EWS_MAX_ATTACHMENT_MB must be megabytes between 1 and 150 (got "${maxMbText}")`,
      );
    } else maxMb = n;
  }

  const list = (name: string) => get(name)?.split(",").map((v) => v.trim()).filter(Boolean);
  const apiKeys = parseApiKeys(get("MCP_API_KEYS"), problems);
  for (const key of apiKeys) {
    key.allowedMailboxes = list(`EWS_ALLOWED_MAILBOXES_${envSuffix(key.name)}`);
  }
  const authToken = get("MCP_AUTH_TOKEN");
  if (authToken) apiKeys.push({ name: "token", key: authToken });
  const publicUrlText = get("MCP_PUBLIC_URL");
  let publicUrl: URL | undefined;
  if (publicUrlText) {
    try {
      publicUrl = new URL(publicUrlText);
      if (publicUrl.pathname !== "/" || publicUrl.search) {
        problems.push(`MCP_PUBLIC_URL is the scheme and host only, e.g. https://mcp.contoso.com`);
      }
    } catch {
      problems.push(`MCP_PUBLIC_URL is not a URL: "${publicUrlText}"`);
    }
  }
  const rateText = get("MCP_RATE_LIMIT");
  let rateLimitPerMinute = 600;
  if (rateText !== undefined) {
    const n = Number(rateText);
    if (!Number.isInteger(n) || n < 0) {
      problems.push(`MCP_RATE_LIMIT must be requests per minute, 0 for none (got "${rateText}")`);
    } else rateLimitPerMinute = n;
  }
  const oauth = loadOAuth(get, list, problems);
  const trustedProxies = list("MCP_TRUSTED_PROXIES") ?? [];
  for (const entry of trustedProxies) {
    const [ip, bits] = entry.split("/");
    const kind = isIP(ip);
    const max = kind === 4 ? 32 : 128;
    if (!kind || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
      problems.push(`MCP_TRUSTED_PROXIES: not an IP address or CIDR: "${entry}"`);
    }
  }

  // Toolsets pick the areas served (the default profile unless named); ENABLE_<AREA>=true adds
  // an area (configurations of the Python servers keep working) and =false removes it for good.
  const toolsetSpec = cli.toolsets ?? get("EWS_TOOLSETS");
  const chosen = parseToolsets(toolsetSpec ?? DEFAULT_PROFILE);
  problems.push(...chosen.problems.map((p) => `--toolsets / EWS_TOOLSETS: ${p}`));
  const enabledAreas = chosen.areas;
  const availableAreas = new Set<Area>();
  let toolsetsNamed = toolsetSpec !== undefined;
  for (const [name, area] of Object.entries(AREAS)) {
    const switched = get(name) === undefined ? undefined : bool(name, true);
    if (switched !== false) availableAreas.add(area);
    if (switched === true) {
      enabledAreas.add(area);
      toolsetsNamed = true;
    }
    if (switched === false) enabledAreas.delete(area);
  }

  const config: Config = {
    ews: {
      endpoint,
      email,
      authType: auth.type,
      auth,
      username: "username" in auth ? auth.username : get("EWS_USERNAME") ?? email,
      password: "password" in auth ? auth.password : "",
      insecureSkipVerify: bool("EWS_INSECURE_SKIP_VERIFY", false),
      maxConcurrency,
      maxBackOffMs,
      autodiscover,
      serverVersion: oneOf(
        "EWS_SERVER_VERSION",
        supportedServerVersion(get("EWS_SERVER_VERSION")),
        SERVER_VERSIONS,
        "Exchange2013_SP1",
      ),
      timeoutMs,
      timeZone,
      windowsTimeZoneId: windowsZone,
      caFile: get("EWS_CA_FILE"),
    },
    impersonation: {
      enabled: bool("EWS_IMPERSONATION_ENABLED", false),
      type: oneOf(
        "EWS_IMPERSONATION_TYPE",
        get("EWS_IMPERSONATION_TYPE"),
        ["impersonation", "delegate"] as const,
        "impersonation",
      ),
    },
    mcp: {
      transport,
      host: cli.host ?? get("MCP_HOST") ?? "127.0.0.1",
      port,
      allowedHosts: get("MCP_ALLOWED_HOSTS")?.split(",").map((h) => h.trim()).filter(Boolean),
      authToken,
      apiKeys,
      allowUnauthenticated: bool("MCP_ALLOW_UNAUTHENTICATED", false),
      allowedOrigins: list("MCP_ALLOWED_ORIGINS"),
      publicUrl,
      trustedProxies,
      rateLimitPerMinute,
      oauth,
    },
    mailboxPolicy: {
      allowed: list("EWS_ALLOWED_MAILBOXES"),
      denied: list("EWS_DENIED_MAILBOXES") ?? [],
    },
    enabledAreas,
    availableAreas,
    dynamicToolsets: cli.dynamicToolsets || bool("EWS_DYNAMIC_TOOLSETS", false),
    toolsetsNamed,
    readOnly: cli.readOnly || bool("EWS_READ_ONLY", false),
    logLevel: oneOf(
      "LOG_LEVEL",
      get("LOG_LEVEL")?.toUpperCase().replace(/^WARN$/, "WARNING"),
      ["DEBUG", "INFO", "WARNING", "ERROR"] as const,
      "INFO",
    ),
    logFormat: oneOf("LOG_FORMAT", get("LOG_FORMAT"), ["text", "json"] as const, "text"),
    auditLog: get("EWS_AUDIT_LOG"),
    files: {
      downloadDir: directory("EWS_DOWNLOAD_DIR"),
      uploadDir: directory("EWS_UPLOAD_DIR"),
      maxBytes: Math.floor(maxMb * 1024 * 1024),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** `name:key` pairs, comma-separated; names go to the audit log, keys never do. */
function parseApiKeys(text: string | undefined, problems: string[]): ApiKeyConfig[] {
  const keys: ApiKeyConfig[] = [];
  for (const entry of text?.split(",").map((e) => e.trim()).filter(Boolean) ?? []) {
    const at = entry.indexOf(":");
    const name = entry.slice(0, at).trim();
    const key = entry.slice(at + 1).trim();
    if (at <= 0 || !/^[A-Za-z0-9_.-]{1,64}$/.test(name) || key.length < 16) {
      problems.push(
        "MCP_API_KEYS entries are name:key (name of letters, digits, _ . -; key of 16+ characters)",
      );
    } else if (keys.some((k) => k.name === name)) {
      problems.push(`MCP_API_KEYS names the key "${name}" twice`);
    } else keys.push({ name, key });
  }
  return keys;
}

/** `team-a` → `TEAM_A`, for per-key variables. */
export const envSuffix = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, "_");

function loadOAuth(
  get: (name: string) => string | undefined,
  list: (name: string) => string[] | undefined,
  problems: string[],
): OAuthConfig | undefined {
  const jwks = get("MCP_OAUTH_JWKS_URL");
  if (!jwks) return undefined;
  let jwksUrl = new URL("https://invalid.invalid/");
  try {
    jwksUrl = new URL(jwks);
  } catch {
    problems.push(`MCP_OAUTH_JWKS_URL is not a URL: "${jwks}"`);
  }
  const issuer = get("MCP_OAUTH_ISSUER");
  const audience = get("MCP_OAUTH_AUDIENCE");
  if (!issuer) problems.push("MCP_OAUTH_ISSUER is required with MCP_OAUTH_JWKS_URL");
  if (!audience) {
    problems.push("MCP_OAUTH_AUDIENCE is required with MCP_OAUTH_JWKS_URL (this server's URL)");
  }
  return {
    jwksUrl,
    issuer: issuer ?? "",
    audience: audience ?? "",
    requiredScopes: list("MCP_OAUTH_SCOPES") ?? [],
    mailboxClaim: get("MCP_OAUTH_MAILBOX_CLAIM"),
    authorizationServers: list("MCP_OAUTH_AUTHORIZATION_SERVERS") ?? (issuer ? [issuer] : []),
  };
}
