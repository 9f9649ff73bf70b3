/**
 * `ews-mcp check`: the first command an administrator runs. It connects with the configured
 * settings, says what the server offers, signs in, prints the Exchange version, then tries each
 * `--mailbox` the way tools will reach it (impersonation or delegation), and for every failure
 * names the cause and the fix. Exit status 0 only when everything asked for works.
 */
import { challenges } from "./ews/auth/scheme.ts";
import { OAuth2ClientCredentials } from "./ews/auth/oauth2.ts";
import type { App } from "./app.ts";
import type { Config } from "./config/config.ts";
import { EwsError } from "./ews/errors.ts";
import { singleResponse } from "./ews/soap/reply.ts";
import { distinguishedFolderId, type MailboxContext } from "./ews/mailbox/context.ts";
import { x } from "./ews/xml/mod.ts";

export interface CheckResult {
  ok: boolean;
  lines: string[];
}

interface Problem {
  what: string;
  fix: string;
}

export async function runCheck(
  config: Config,
  app: App,
  mailboxes: string[],
): Promise<CheckResult> {
  const lines: string[] = [];
  let failures = 0;
  const ok = (text: string) => lines.push(`  ok    ${text}`);
  const fail = (problem: Problem) => {
    failures++;
    lines.push(`  FAIL  ${problem.what}`, `        fix: ${problem.fix}`);
  };
  const { runtime, transport } = app;
  const endpoint = config.ews.endpoint;
  lines.push(
    `ews-mcp check`,
    `  server   ${endpoint.href}`,
    `  sign-in  ${describeSignIn(config)}`,
  );
  if (endpoint.protocol === "https:") {
    lines.push(
      `  TLS      ${
        config.ews.insecureSkipVerify
          ? "certificate NOT verified (EWS_INSECURE_SKIP_VERIFY=true: labs only)"
          : config.ews.caFile
          ? `verified against ${config.ews.caFile} and the system CAs`
          : "verified against the system CAs"
      }`,
    );
  } else {
    lines.push("  TLS      none (plain HTTP: credentials and mail travel unencrypted)");
  }

  // 1. Reach the server and see which sign-in schemes it offers (an unauthenticated POST).
  let offered: string[] = [];
  try {
    const probe = await transport.send({
      url: endpoint,
      body: "",
      timeoutMs: config.ews.timeoutMs,
      headers: { "Content-Type": "text/xml; charset=utf-8" },
    });
    offered = [...new Set(challenges(probe).map((c) => c.split(" ")[0]))];
    ok(`reached ${endpoint.host}${offered.length ? `; it offers ${offered.join(", ")}` : ""}`);
  } catch (error) {
    fail(diagnose(error, config, offered));
    return finish(lines, failures);
  }

  // 2. OAuth2: get a token first, so token problems are not mistaken for Exchange ones.
  if (app.auth instanceof OAuth2ClientCredentials) {
    try {
      await app.auth.token();
      ok(`OAuth2 token obtained from ${app.auth.tokenUrl.host}`);
    } catch (error) {
      fail(diagnose(error, config, offered));
      return finish(lines, failures);
    }
  }

  // 3. Sign in and open the configured mailbox's Inbox.
  const primary = runtime.resolver.primary;
  try {
    await openInbox(runtime, primary);
    const v = runtime.client.lastServerVersion;
    if (v) {
      ok(
        `signed in; Exchange ${v.majorVersion}.${v.minorVersion}.${v.majorBuildNumber}.${v.minorBuildNumber}` +
          (v.version ? ` (schema ${v.version})` : ""),
      );
    } else ok("signed in");
    ok(
      `mailbox ${primary.mailbox} opens${
        primary.access === "impersonation" ? " (by impersonation)" : ""
      }`,
    );
  } catch (error) {
    fail(diagnose(error, config, offered));
    return finish(lines, failures);
  }

  // 4. Each mailbox asked for, the way tools will reach it.
  for (const mailbox of mailboxes) {
    try {
      const context = await runtime.resolver.resolve(mailbox);
      if (context.access !== "primary") {
        // Tools check a mailbox with their first real call; the check makes that call itself.
        try {
          await openInbox(runtime, context);
        } catch (error) {
          throw runtime.resolver.explain(error, context);
        }
        runtime.resolver.confirm(context);
      }
      const how = context.access === "primary"
        ? "is the configured mailbox"
        : `${context.access} works`;
      ok(`${mailbox}: ${how}`);
    } catch (error) {
      fail(diagnose(error, config, offered, mailbox));
    }
  }
  return finish(lines, failures);
}

/** One cheap request in a mailbox: its Inbox, ids only. */
async function openInbox(runtime: App["runtime"], ctx: MailboxContext): Promise<void> {
  const reply = await runtime.client.call(
    x(
      "m:GetFolder",
      null,
      x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
      x("m:FolderIds", null, distinguishedFolderId(ctx, "inbox")),
    ),
    ctx.target,
    { idempotent: true },
  );
  singleResponse(reply, ctx.mailbox);
}

function finish(lines: string[], failures: number): CheckResult {
  lines.push(
    failures === 0 ? "All checks passed." : `${failures} problem${failures > 1 ? "s" : ""} found.`,
  );
  return { ok: failures === 0, lines };
}

function describeSignIn(config: Config): string {
  const auth = config.ews.auth;
  switch (auth.type) {
    case "basic":
    case "ntlm":
      return `${auth.type} as ${auth.username}`;
    case "oauth2":
      return `oauth2 app ${auth.clientId} in tenant ${auth.tenantId} via ${auth.authority}`;
    case "bearer":
      return "bearer token from EWS_BEARER_TOKEN";
  }
}

/** Names the cause of a failure and what to do about it. */
export function diagnose(
  error: unknown,
  config: Config,
  offered: string[],
  mailbox?: string,
): Problem {
  if (!(error instanceof EwsError)) {
    return { what: String((error as Error)?.message ?? error), fix: "See the log for details." };
  }
  const type = config.ews.auth.type;
  const host = config.ews.endpoint.host;
  if (error.kind === "network") {
    if (/ALTNAME|does not match|Hostname\/IP/i.test(error.message)) {
      return {
        what: `the certificate of ${host} does not name that host`,
        fix: "use in EWS_SERVER_URL the host name the certificate was issued for.",
      };
    }
    if (/not trusted/.test(error.hint ?? "")) {
      return {
        what: `the certificate of ${host} is not trusted (${error.message.replace(/^.*?: /, "")})`,
        fix: "put your organisation's CA certificate (PEM) in a file and set EWS_CA_FILE to it.",
      };
    }
    return { what: error.message, fix: "check EWS_SERVER_URL, DNS, firewalls and proxies." };
  }
  if (error.kind === "timeout") {
    return { what: error.message, fix: error.hint ?? "raise REQUEST_TIMEOUT." };
  }
  if (error.kind === "unauthorized") {
    const offers = (scheme: string) => offered.some((o) => o.toLowerCase() === scheme);
    if (type === "oauth2" && /OAuth2 token/.test(error.message)) {
      return { what: error.message, fix: error.hint ?? "check the OAuth2 settings." };
    }
    if (type === "basic" && offered.length && !offers("basic")) {
      return {
        what: `Basic authentication is not enabled on ${host} (it offers ${offered.join(", ")})`,
        fix: offers("ntlm") || offers("negotiate")
          ? "set EWS_AUTH_TYPE=ntlm (Windows authentication), with EWS_USERNAME as DOMAIN\\user."
          : "set EWS_AUTH_TYPE to a scheme the server offers.",
      };
    }
    if (type === "ntlm" && offered.length && !offers("ntlm") && !offers("negotiate")) {
      return {
        what: `Windows authentication (NTLM) is not enabled on ${host} (it offers ${
          offered.join(", ")
        })`,
        fix:
          "set EWS_AUTH_TYPE to a scheme the server offers, or enable Windows authentication on the EWS virtual directory.",
      };
    }
    if (type === "bearer" || type === "oauth2") {
      return {
        what: `Exchange refused the token (HTTP 401)`,
        fix: type === "bearer"
          ? "the token is expired, revoked or for another audience: get a new one for https://outlook.office365.com and set EWS_BEARER_TOKEN."
          : "the app lacks the full_access_as_app permission (with admin consent) or the tenant does not allow EWS for it.",
      };
    }
    if (type === "ntlm" && config.ews.endpoint.protocol === "https:") {
      return {
        what: "NTLM sign-in refused (HTTP 401). With the right password, the usual cause is " +
          "Extended Protection (on by default since Exchange 2019 CU14): the server refuses a " +
          "channel binding made for a certificate other than its own",
        fix: "first check EWS_PASSWORD and EWS_USERNAME (DOMAIN\\user or user@domain); then make " +
          "sure ews-mcp sees Exchange's own certificate: exempt this host from TLS inspection, " +
          "or have the load balancer pass TLS through. Do not turn Extended Protection off.",
      };
    }
    return {
      what: `${
        type === "ntlm" ? "NTLM" : "Basic"
      } sign-in refused (HTTP 401): wrong password, or an account that is locked, disabled or written in a form the server does not accept`,
      fix: `check EWS_PASSWORD and EWS_USERNAME (${
        type === "ntlm" ? "DOMAIN\\user or user@domain" : "user@domain or DOMAIN\\user"
      }); try signing in to Outlook on the web with them.`,
    };
  }
  if (error.kind === "impersonation_disabled") {
    return {
      what: error.message.replace(/\. Set .*$/, ""),
      fix:
        "set EWS_IMPERSONATION_ENABLED=true (and EWS_IMPERSONATION_TYPE=impersonation or delegate).",
    };
  }
  if (error.kind === "access_denied") {
    return {
      what: error.message + (error.responseCode ? ` (${error.responseCode})` : ""),
      fix: error.hint ?? "grant the service account access to the mailbox.",
    };
  }
  if (error.kind === "not_found" && mailbox) {
    return {
      what: `mailbox ${mailbox} is unknown to Exchange`,
      fix: "use the primary SMTP address of an existing mailbox.",
    };
  }
  return { what: error.message, fix: error.hint ?? "see the Exchange server's logs." };
}
