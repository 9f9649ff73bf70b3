/** The three ways reaching another mailbox fails, each saying plainly how to fix it. */
import { EwsError, MAILBOX_DENIED, MAILBOX_NOT_FOUND } from "../errors.ts";
import type { AccessKind } from "./context.ts";

export function impersonationDisabled(mailbox: string): EwsError {
  return new EwsError(
    `Impersonation not enabled. Set EWS_IMPERSONATION_ENABLED=true to access mailbox: ${mailbox}`,
    { kind: "impersonation_disabled", mailbox },
  );
}

export function mailboxAccessDenied(
  mailbox: string,
  serviceAccount: string,
  access: AccessKind,
  responseCode?: string,
): EwsError {
  const how = access === "delegate"
    ? `delegate access to ${mailbox} (folder permissions; Full Access for out-of-office settings), or switch to EWS_IMPERSONATION_TYPE=impersonation`
    : `the ApplicationImpersonation role over ${mailbox} (New-ManagementRoleAssignment -Role ApplicationImpersonation), or use delegate access`;
  return new EwsError(`Access denied to mailbox: ${mailbox}`, {
    kind: "access_denied",
    responseCode,
    mailbox,
    hint: `The service account ${serviceAccount} needs ${how}.`,
  });
}

export function mailboxNotFound(mailbox: string, responseCode?: string): EwsError {
  return new EwsError(`Mailbox not found: ${mailbox}`, {
    kind: "not_found",
    responseCode,
    mailbox,
    hint: "Check the address: it must be the primary SMTP address of an existing mailbox.",
  });
}

/** Codes that mean the service account may not impersonate the mailbox at all (the role). */
const IMPERSONATION_REFUSED = new Set([
  "ErrorImpersonateUserDenied",
  "ErrorImpersonationDenied",
  "ErrorInvalidExchangeImpersonationHeaderData",
]);

/** Codes that mean the service account is no delegate of the mailbox at all. */
const DELEGATION_REFUSED = new Set(["ErrorDelegateNoUser", "ErrorNotDelegate"]);

/**
 * An item or folder refused although the mailbox itself is reachable (a call there succeeded): that is
 * a permission on the object, not a missing role, and saying "grant the role" would mislead.
 */
export function itemAccessDenied(
  mailbox: string,
  serviceAccount: string,
  access: AccessKind,
  responseCode?: string,
): EwsError {
  const why = access === "delegate"
    ? `${serviceAccount} is a delegate of ${mailbox}, but the folder holding this item or folder ` +
      `is not shared with it: ${mailbox} must grant permission on that folder, or use ` +
      "EWS_IMPERSONATION_TYPE=impersonation."
    : access === "impersonation"
    ? `Impersonating ${mailbox} works; ${mailbox} itself has no permission on this item or ` +
      "folder (check that the id comes from this mailbox)."
    : `${serviceAccount} has no permission on this item or folder (check that the id comes ` +
      "from this mailbox).";
  return new EwsError(`Exchange denied access to an item or folder in mailbox ${mailbox}`, {
    kind: "access_denied",
    responseCode,
    mailbox,
    hint: why,
  });
}

export interface ExplainOptions {
  /** How other mailboxes are reached (or `disabled`), to say how to use an id's real mailbox. */
  otherAccess?: "impersonation" | "delegate" | "disabled";
  /** The mailbox was never reached yet (a first use): a refusal is about the whole mailbox. */
  probe?: boolean;
}

/**
 * Re-words an error about a mailbox so it says what really happened and how to fix it: a refused
 * role or delegation (mailbox level), a refused item or folder (object level), a mailbox that does
 * not exist, or an id of another mailbox. Other errors pass through unchanged.
 */
export function explainMailboxError(
  error: unknown,
  mailbox: string,
  serviceAccount: string,
  access: AccessKind,
  options: ExplainOptions = {},
): unknown {
  if (!(error instanceof EwsError)) return error;
  if (error.kind === "wrong_mailbox") return explainWrongMailbox(error, serviceAccount, options);
  if (!error.responseCode || access === "primary") return error;
  const code = error.responseCode;
  if (MAILBOX_DENIED.has(code)) {
    const mailboxLevel = options.probe || IMPERSONATION_REFUSED.has(code) ||
      DELEGATION_REFUSED.has(code);
    return mailboxLevel
      ? mailboxAccessDenied(mailbox, serviceAccount, access, code)
      : itemAccessDenied(mailbox, serviceAccount, access, code);
  }
  if (MAILBOX_NOT_FOUND.has(code)) {
    return mailboxNotFound(mailbox, code);
  }
  return error;
}

function explainWrongMailbox(
  error: EwsError,
  serviceAccount: string,
  options: ExplainOptions,
): EwsError {
  const owner = error.idOwner;
  if (!owner) return error;
  const hint = owner.toLowerCase() === serviceAccount.toLowerCase()
    ? `It is the service account's own mailbox: omit target_mailbox to work there.`
    : options.otherAccess === "disabled"
    ? "Access to other mailboxes is not enabled (EWS_IMPERSONATION_ENABLED=false), so ids " +
      "from that mailbox cannot be used."
    : `Pass target_mailbox=${owner} to work in that mailbox.`;
  return error.with({ hint: `${hint} Nothing was sent.` });
}
