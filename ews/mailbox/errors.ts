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

/**
 * Re-words an error from an operation on another mailbox when it is about the mailbox itself
 * (denied, nonexistent); other errors pass through unchanged.
 */
export function explainMailboxError(
  error: unknown,
  mailbox: string,
  serviceAccount: string,
  access: AccessKind,
): unknown {
  if (!(error instanceof EwsError) || !error.responseCode || access === "primary") return error;
  if (MAILBOX_DENIED.has(error.responseCode)) {
    return mailboxAccessDenied(mailbox, serviceAccount, access, error.responseCode);
  }
  if (MAILBOX_NOT_FOUND.has(error.responseCode)) {
    return mailboxNotFound(mailbox, error.responseCode);
  }
  return error;
}
