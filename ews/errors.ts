/**
 * Typed errors for everything that can go wrong between us and Exchange. EWS reports failures as
 * `ResponseCode`s (per item, or in a SOAP fault); they map to a small set of kinds, each with a
 * hint that tells a human (or an LLM) what to do about it.
 */

export type EwsErrorKind =
  | "not_found"
  | "access_denied"
  | "impersonation_disabled"
  | "unauthorized"
  | "throttled"
  | "invalid_input"
  | "conflict"
  | "timeout"
  | "network"
  | "server"
  | "wrong_mailbox"
  | "cancelled";

export interface EwsErrorDetails {
  kind: EwsErrorKind;
  /** The EWS ResponseCode, e.g. `ErrorItemNotFound`. */
  responseCode?: string;
  /** What to do about it. */
  hint?: string;
  /** HTTP status, when the failure was an HTTP one. */
  status?: number;
  /** Server-requested pause before retrying (throttling), in milliseconds. */
  backOffMs?: number;
  /** The mailbox the failed operation acted on. */
  mailbox?: string;
  /**
   * Whether the request may have reached Exchange and been carried out although no definitive
   * answer came back (timeout, dropped connection, gateway error, cut-off reply). False when it
   * surely did not (connection refused, a SOAP fault, HTTP 401); absent when unknown.
   */
  maybeDelivered?: boolean;
  /** For `wrong_mailbox`: the mailbox an id in the request belongs to, when Exchange said. */
  idOwner?: string;
}

export class EwsError extends Error {
  override name = "EwsError";
  readonly kind: EwsErrorKind;
  readonly responseCode?: string;
  readonly hint?: string;
  readonly status?: number;
  readonly backOffMs?: number;
  readonly mailbox?: string;
  readonly maybeDelivered?: boolean;
  readonly idOwner?: string;

  constructor(message: string, details: EwsErrorDetails) {
    super(message);
    this.maybeDelivered = details.maybeDelivered;
    this.idOwner = details.idOwner;
    this.kind = details.kind;
    this.responseCode = details.responseCode;
    this.hint = details.hint;
    this.status = details.status;
    this.backOffMs = details.backOffMs;
    this.mailbox = details.mailbox;
  }

  /** The same error with some details changed (errors are immutable). */
  with(details: Partial<EwsErrorDetails> & { message?: string }): EwsError {
    const { message, ...rest } = details;
    return new EwsError(message ?? this.message, {
      kind: this.kind,
      responseCode: this.responseCode,
      hint: this.hint,
      status: this.status,
      backOffMs: this.backOffMs,
      mailbox: this.mailbox,
      maybeDelivered: this.maybeDelivered,
      idOwner: this.idOwner,
      ...rest,
    });
  }

  /** Message plus hint, ready to show to a user. */
  describe(): string {
    const code = this.responseCode ? ` (${this.responseCode})` : "";
    return this.hint ? `${this.message}${code}. ${this.hint}` : `${this.message}${code}`;
  }
}

const NOT_FOUND = new Set([
  "ErrorItemNotFound",
  "ErrorFolderNotFound",
  "ErrorInvalidIdMalformed",
  "ErrorInvalidIdNotAnItemAttachmentId",
  "ErrorInvalidIdMalformedEwsLegacyIdFormat",
  "ErrorInvalidId",
  "ErrorAttachmentNotFound",
  "ErrorCalendarItemNotFound",
]);

/** Codes that mean "no such mailbox" wherever they appear. */
export const MAILBOX_NOT_FOUND = new Set([
  "ErrorNonExistentMailbox",
  "ErrorMailboxStoreUnavailable",
  "ErrorNoRespondingCASInDestinationSite",
  "ErrorInvalidSmtpAddress",
  "ErrorMailboxMoveInProgress",
]);

/** Codes that mean "you may not act on that mailbox". */
export const MAILBOX_DENIED = new Set([
  "ErrorImpersonateUserDenied",
  "ErrorImpersonationDenied",
  "ErrorAccessDenied",
  "ErrorDelegateNoUser",
  "ErrorNotDelegate",
  "ErrorInvalidExchangeImpersonationHeaderData",
]);

const THROTTLED = new Set([
  "ErrorServerBusy",
  "ErrorExceededConnectionCount",
  "ErrorTooManyObjectsOpened",
  "ErrorExceededSubscriptionCount",
  "ErrorTimeoutExpired",
]);

const INVALID_INPUT = new Set([
  "ErrorSchemaValidation",
  "ErrorInvalidRequest",
  "ErrorInvalidPropertyRequest",
  "ErrorInvalidRecipients",
  "ErrorInvalidPropertySet",
  "ErrorInvalidOperation",
  "ErrorInvalidArgument",
  "ErrorInvalidServerVersion",
  "ErrorInvalidPagingMaxRows",
  "ErrorInvalidOffset",
  "ErrorInvalidScheduledOofDuration",
  "ErrorMessageSizeExceeded",
  "ErrorInvalidUserOofSettings",
  "ErrorCorruptData",
  "ErrorDeleteDistinguishedFolder",
  "ErrorMoveDistinguishedFolder",
  "ErrorCannotEmptyFolder",
  "ErrorMoveCopyFailed",
  "ErrorCrossMailboxMoveCopy",
  "ErrorAttachmentSizeLimitExceeded",
  "ErrorRequiredPropertyMissing",
]);

const CONFLICT = new Set([
  "ErrorIrresolvableConflict",
  "ErrorStaleObject",
  "ErrorChangeKeyRequired",
]);

/**
 * The settings that hold the credentials of each `EWS_AUTH_TYPE` this version supports. A 401
 * hint names only these, so a new scheme adds its line here.
 */
export const CREDENTIAL_SETTINGS: Readonly<Record<string, string>> = {
  basic: "EWS_USERNAME and EWS_PASSWORD",
};

/** What to check when Exchange answers 401 to the given scheme. */
export function unauthorizedHint(authType = "basic"): string {
  const settings = CREDENTIAL_SETTINGS[authType];
  const supported = Object.keys(CREDENTIAL_SETTINGS).join(", ");
  return settings
    ? `Check ${settings} (EWS_AUTH_TYPE=${authType}), and that the account may use EWS.`
    : `Check EWS_AUTH_TYPE (supported: ${supported}).`;
}

/** Maps an EWS ResponseCode to an error kind and a generic hint. */
export function classifyResponseCode(code: string): { kind: EwsErrorKind; hint?: string } {
  if (code === "ErrorSendAsDenied") {
    return {
      kind: "access_denied",
      hint: "Sending as this mailbox needs the Send As or Send on Behalf right on it.",
    };
  }
  if (code === "ErrorFolderExists") {
    return { kind: "conflict", hint: "A folder with that name already exists there." };
  }
  if (NOT_FOUND.has(code)) {
    return { kind: "not_found", hint: "Check the id; the item may have been moved or deleted." };
  }
  if (MAILBOX_NOT_FOUND.has(code)) {
    return { kind: "not_found", hint: "Check the mailbox address." };
  }
  if (MAILBOX_DENIED.has(code)) {
    return {
      kind: "access_denied",
      hint: "The service account needs the ApplicationImpersonation role or delegate access.",
    };
  }
  if (THROTTLED.has(code)) {
    return { kind: "throttled", hint: "Exchange is throttling requests; try again shortly." };
  }
  if (INVALID_INPUT.has(code)) return { kind: "invalid_input" };
  if (CONFLICT.has(code)) {
    return { kind: "conflict", hint: "The item changed meanwhile; read it again and retry." };
  }
  return { kind: "server" };
}

/** Builds an EwsError from a ResponseCode and the server's message text. */
export function errorFromResponseCode(
  code: string,
  messageText: string | undefined,
  extra: { backOffMs?: number; mailbox?: string } = {},
): EwsError {
  const { kind, hint } = classifyResponseCode(code);
  return new EwsError(messageText?.trim() || code, { kind, responseCode: code, hint, ...extra });
}
