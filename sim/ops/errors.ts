/**
 * Failures the way Exchange reports them. Most failures belong to one item of a batch and become
 * an Error response message (`EwsError`); a few fail the whole request and become a SOAP fault
 * (`SoapFault`): schema violations, impersonation failures, server busy.
 */
import type { XmlNode } from "../../ews/xml/mod.ts";

/** Default message texts, worded as Exchange 2016 words them. */
export const MESSAGE_TEXTS: Record<string, string> = {
  ErrorAccessDenied: "Access is denied. Check credentials and try again.",
  ErrorFolderNotFound: "The specified folder could not be found in the store.",
  ErrorImpersonateUserDenied:
    "The account does not have permission to impersonate the requested user.",
  ErrorInvalidIdMalformed: "Id is malformed.",
  ErrorInvalidIdEmpty: "Id must be non-empty.",
  ErrorInvalidOperation: "The operation is not valid for this object.",
  ErrorInvalidPropertyRequest: "The property is not valid for this operation.",
  ErrorInvalidRequest: "The request is invalid.",
  ErrorInvalidSchemaVersionForMailboxVersion:
    "The schema version is invalid for the mailbox version.",
  ErrorInvalidServerVersion: "The specified server version is invalid.",
  ErrorItemNotFound: "The specified object was not found in the store.",
  ErrorMissingEmailAddress:
    "When making a request as an account that does not have a mailbox, you must specify the mailbox primary SMTP address for any distinguished folder Ids.",
  ErrorInvalidRecipients: "At least one recipient isn't valid.",
  ErrorNameResolutionNoResults: "No results were found.",
  ErrorNonExistentMailbox: "The SMTP address has no mailbox associated with it.",
  ErrorSchemaValidation: "The request failed schema validation.",
  ErrorServerBusy: "The server cannot service this request right now. Try again later.",
  ErrorInternalServerError: "An internal server error occurred. The operation failed.",
  ErrorInvalidOperationForPublicFolderItems:
    "This operation isn't supported on public folder items.",
  ErrorMoveCopyFailed: "The move or copy operation failed.",
  ErrorAttachmentNotFound: "The attachment could not be found.",
  ErrorCrossMailboxMoveCopy: "Moving or copying between mailboxes is not supported.",
  ErrorMoveDistinguishedFolder: "Distinguished folders cannot be moved.",
  ErrorDeleteDistinguishedFolder: "Distinguished folders cannot be deleted.",
  ErrorParentFolderIdRequired: "Parent folder id is required.",
  ErrorMissingItemForCreateItemAttachment:
    "An item must be specified when creating an item attachment.",
  ErrorSendAsDenied:
    "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.",
};

/** A failure of one item of a request, reported in its response message. */
export class EwsError extends Error {
  override name = "EwsError";
  constructor(
    readonly responseCode: string,
    message?: string,
    /** `m:MessageXml` content, e.g. the `t:FieldURI` of ErrorInvalidPropertyRequest. */
    readonly messageXml?: XmlNode[],
  ) {
    super(message ?? MESSAGE_TEXTS[responseCode] ?? responseCode);
  }
}

/** A failure of the whole request, answered as a SOAP fault (HTTP 500 unless told otherwise). */
export class SoapFault extends Error {
  override name = "SoapFault";
  constructor(
    readonly responseCode: string,
    message?: string,
    readonly options: {
      /** The `faultcode`; `a:{responseCode}` (types namespace) unless given. */
      faultCode?: string;
      /** `faultstring`; the message unless given. */
      faultString?: string;
      status?: number;
      /** Children of `t:MessageXml` in the detail (`t:Value`, `t:LineNumber`, ...). */
      messageXml?: XmlNode[];
    } = {},
  ) {
    super(message ?? MESSAGE_TEXTS[responseCode] ?? responseCode);
  }
}
