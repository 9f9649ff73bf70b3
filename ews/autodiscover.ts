/**
 * Autodiscover (POX), for setups that give only EWS_EMAIL: finds the EWS URL the way Outlook
 * does. In order: `https://domain/autodiscover/autodiscover.xml`, then
 * `https://autodiscover.domain/…`, then the unauthenticated redirect that
 * `http://autodiscover.domain/…` may answer with, then the `_autodiscover._tcp.domain` SRV
 * record. Replies may redirect to another address or URL (a few times at most). Credentials go
 * only to hosts inside the user's domain, or named in an explicit allow-list: a DNS or
 * redirect trick must not collect them. The direct EWS_SERVER_URL stays the reliable default.
 */
import { resolveSrv } from "node:dns/promises";
import type { AuthScheme } from "./auth/scheme.ts";
import { EwsError } from "./errors.ts";
import { type Logger, silentLogger } from "./log.ts";
import type { HttpResponse, HttpTransport } from "./transport.ts";
import { parseXml, type XmlElement, XmlParseError } from "./xml/mod.ts";

const REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
const RESPONSE_SCHEMA =
  "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

export interface AutodiscoverOptions {
  email: string;
  auth: AuthScheme;
  transport: HttpTransport;
  timeoutMs: number;
  /** An Autodiscover endpoint to ask directly (EWS_AUTODISCOVER_URL), instead of guessing. */
  url?: URL;
  /** Hosts outside the email's domain that may receive credentials (suffix `.x` for a zone). */
  allowedHosts?: string[];
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /** DNS SRV lookup (tests replace it). */
  srv?: (name: string) => Promise<{ name: string; port: number }[]>;
  logger?: Logger;
}

export interface Discovery {
  ewsUrl: URL;
  /** Each step tried, in order, with its outcome: printed so admins see what happened. */
  steps: string[];
}

type Outcome =
  | { kind: "found"; ewsUrl: URL }
  | { kind: "redirectAddr"; email: string }
  | { kind: "redirectUrl"; url: URL }
  | { kind: "failed"; why: string };

export async function discoverEwsUrl(options: AutodiscoverOptions): Promise<Discovery> {
  const log = options.logger ?? silentLogger;
  const steps: string[] = [];
  let email = options.email;
  let redirects = options.maxRedirects ?? 5;
  const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();
  const allowed = (host: string) => {
    const h = host.toLowerCase();
    const domain = domainOf(email);
    // The Autodiscover URL an admin configured is trusted like the user's own domain.
    if (options.url && h === options.url.hostname.toLowerCase()) return true;
    return h === domain || h.endsWith(`.${domain}`) ||
      (options.allowedHosts ?? []).some((a) =>
        a.startsWith(".") ? h.endsWith(a.toLowerCase()) : h === a.toLowerCase()
      );
  };

  /** Asks one endpoint, following redirects it gives; undefined when it cannot tell. */
  const ask = async (url: URL): Promise<URL | undefined> => {
    for (;;) {
      if (url.protocol !== "https:" && !options.url) {
        steps.push(`${url.href}: not HTTPS, credentials not sent`);
        return undefined;
      }
      if (!allowed(url.hostname)) {
        steps.push(
          `${url.href}: outside ${domainOf(email)}; credentials not sent (add the host to ` +
            "EWS_AUTODISCOVER_ALLOWED_HOSTS if it is yours)",
        );
        return undefined;
      }
      const outcome = await post(url, email, options);
      if (outcome.kind === "found") {
        steps.push(`${url.href}: EWS at ${outcome.ewsUrl.href}`);
        return outcome.ewsUrl;
      }
      if (outcome.kind === "failed") {
        steps.push(`${url.href}: ${outcome.why}`);
        return undefined;
      }
      if (redirects-- <= 0) {
        steps.push(`${url.href}: too many redirects`);
        return undefined;
      }
      if (outcome.kind === "redirectAddr") {
        steps.push(`${url.href}: redirected to address ${outcome.email}`);
        email = outcome.email;
      } else {
        steps.push(`${url.href}: redirected to ${outcome.url.href}`);
        url = outcome.url;
      }
    }
  };

  const run = async (): Promise<URL | undefined> => {
    if (options.url) return await ask(options.url);
    const domain = domainOf(email);
    for (
      const url of [
        new URL(`https://${domain}/autodiscover/autodiscover.xml`),
        new URL(`https://autodiscover.${domain}/autodiscover/autodiscover.xml`),
      ]
    ) {
      const found = await ask(url);
      if (found) return found;
    }
    const redirected = await unauthenticatedRedirect(domain, options, steps);
    if (redirected) {
      const found = await ask(redirected);
      if (found) return found;
    }
    try {
      const records = await (options.srv ?? resolveSrv)(`_autodiscover._tcp.${domain}`);
      for (const record of records) {
        const found = await ask(
          new URL(`https://${record.name}:${record.port}/autodiscover/autodiscover.xml`),
        );
        if (found) return found;
      }
      if (records.length === 0) steps.push(`_autodiscover._tcp.${domain}: no SRV record`);
    } catch (error) {
      steps.push(`_autodiscover._tcp.${domain}: ${(error as Error).message}`);
    }
    return undefined;
  };

  const ewsUrl = await run();
  for (const step of steps) log.info("Autodiscover", { step });
  if (!ewsUrl) {
    throw new EwsError(`Autodiscover found no EWS URL for ${options.email}`, {
      kind: "network",
      maybeDelivered: false,
      hint: `Set EWS_SERVER_URL (the reliable way). Tried: ${steps.join("; ")}`,
    });
  }
  return { ewsUrl, steps };
}

/** One authenticated POX request. */
async function post(url: URL, email: string, options: AutodiscoverOptions): Promise<Outcome> {
  const body = `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${REQUEST_NS}">` +
    `<Request><EMailAddress>${escape(email)}</EMailAddress>` +
    `<AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema></Request>` +
    `</Autodiscover>`;
  let response: HttpResponse;
  try {
    const connection = await options.transport.acquire(url, { timeoutMs: options.timeoutMs });
    try {
      response = await options.auth.exchange(
        (extra, sendOptions = {}) =>
          connection.send({
            url,
            timeoutMs: options.timeoutMs,
            body: sendOptions.emptyBody ? "" : body,
            headers: { "Content-Type": "text/xml; charset=utf-8", ...extra },
          }),
        connection,
      );
    } finally {
      options.transport.release(connection);
    }
  } catch (error) {
    return { kind: "failed", why: (error as Error).message };
  }
  if (response.status === 301 || response.status === 302) {
    const location = header(response, "location");
    return location
      ? { kind: "redirectUrl", url: new URL(location, url) }
      : { kind: "failed", why: `HTTP ${response.status} without Location` };
  }
  if (response.status !== 200) return { kind: "failed", why: `HTTP ${response.status}` };
  return readReply(response.body, url);
}

/** Reads a POX Autodiscover reply: settings, a redirect, or an error. */
export function readReply(xml: string, base: URL): Outcome {
  let root;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlParseError) return { kind: "failed", why: "not an Autodiscover reply" };
    throw error;
  }
  const error = find(root, "Response/Error") ?? find(root, "Response/Account/Error");
  if (error) return { kind: "failed", why: textOf(error, "Message") ?? "error reply" };
  const account = find(root, "Response/Account");
  const action = account ? textOf(account, "Action") : undefined;
  if (account && action === "redirectAddr") {
    const email = textOf(account, "RedirectAddr");
    if (email) return { kind: "redirectAddr", email };
  }
  if (account && action === "redirectUrl") {
    const url = textOf(account, "RedirectUrl");
    if (url) return { kind: "redirectUrl", url: new URL(url, base) };
  }
  const protocols = account ? findAll(account, "Protocol") : [];
  // EXCH (inside the organisation) first, then EXPR (Outlook Anywhere, outside), then WEB.
  for (const type of ["EXCH", "EXPR", "WEB"]) {
    const protocol = protocols.find((p) => textOf(p, "Type") === type);
    const ews = protocol && (textOf(protocol, "EwsUrl") ?? textOf(protocol, "ASUrl"));
    if (ews && /^https?:\/\//i.test(ews)) return { kind: "found", ewsUrl: new URL(ews) };
  }
  return { kind: "failed", why: "the reply names no EWS URL" };
}

/** The step Outlook takes last but one: `http://autodiscover.domain/…` may redirect to HTTPS. */
async function unauthenticatedRedirect(
  domain: string,
  options: AutodiscoverOptions,
  steps: string[],
): Promise<URL | undefined> {
  const url = new URL(`http://autodiscover.${domain}/autodiscover/autodiscover.xml`);
  try {
    // No credentials on this request: it only asks where to go.
    const response = await options.transport.send({
      url,
      body: "",
      timeoutMs: options.timeoutMs,
      headers: { "Content-Type": "text/xml; charset=utf-8" },
    }, { idempotent: true });
    const location = header(response, "location");
    if ((response.status === 301 || response.status === 302) && location) {
      const target = new URL(location, url);
      steps.push(`${url.href}: redirects to ${target.href}`);
      return target.protocol === "https:" ? target : undefined;
    }
    steps.push(`${url.href}: HTTP ${response.status}, no redirect`);
  } catch (error) {
    steps.push(`${url.href}: ${(error as Error).message}`);
  }
  return undefined;
}

// Autodiscover replies use several namespaces (the response schema's, the outlook one's);
// elements are matched by local name.
function find(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = el;
  for (const name of path.split("/")) current = current?.children.find((c) => c.name === name);
  return current;
}

function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

function textOf(el: XmlElement | undefined, path: string): string | undefined {
  return find(el, path)?.text.trim() || undefined;
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
