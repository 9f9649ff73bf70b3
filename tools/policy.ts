/**
 * Which mailboxes a caller may reach. One server account often reaches every mailbox in the
 * organisation; the policy narrows that per deployment (`EWS_ALLOWED_MAILBOXES`,
 * `EWS_DENIED_MAILBOXES`) and per caller (an API key's or a token's own allow-list), and is
 * checked before any request goes to Exchange, whatever the transport.
 */

/** Exact addresses (`sales@contoso.com`) or whole domains (`*@contoso.com`), any case. */
export interface MailboxPolicy {
  /** When set, only matching mailboxes; when absent, every mailbox not denied. */
  allowed?: string[];
  denied: string[];
}

/** Who is calling: the name goes to the audit log; `allowed` narrows the server's policy. */
export interface Caller {
  name: string;
  allowed?: string[];
}

/** stdio and in-process callers: the local user who started the server. */
export const LOCAL_CALLER: Caller = { name: "local" };

export function matchesPattern(pattern: string, mailbox: string): boolean {
  const p = pattern.trim().toLowerCase();
  const m = mailbox.trim().toLowerCase();
  if (p === "*") return true;
  if (p.startsWith("*@")) return m.slice(m.lastIndexOf("@")) === p.slice(1);
  return p === m;
}

const anyMatch = (patterns: string[], mailbox: string) =>
  patterns.some((p) => matchesPattern(p, mailbox));

/** Why the mailbox is refused, or undefined when the caller may act on it. */
export function policyDenial(
  policy: MailboxPolicy,
  caller: Caller,
  mailbox: string,
): string | undefined {
  if (anyMatch(policy.denied, mailbox)) return "denied by EWS_DENIED_MAILBOXES";
  if (policy.allowed && !anyMatch(policy.allowed, mailbox)) {
    return "not in EWS_ALLOWED_MAILBOXES";
  }
  if (caller.allowed && !anyMatch(caller.allowed, mailbox)) {
    return `not among the mailboxes allowed for ${caller.name}`;
  }
  return undefined;
}
