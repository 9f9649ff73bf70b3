/**
 * The SOAP endpoint proper, independent of HTTP: takes a request document and the signed-in
 * account, returns the reply document. Order of checks follows Exchange: schema validation,
 * envelope, request version, impersonation, then the operation itself.
 */
import { find, is, NS, parseXml, x, type XmlElement, XmlParseError } from "../../ews/xml/mod.ts";
import type { OperationContext } from "../ops/context.ts";
import { EwsError, SoapFault } from "../ops/errors.ts";
import { operationName, OPERATIONS } from "../ops/registry.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { Organisation } from "../store/organisation.ts";
import { faultEnvelope, replyEnvelope } from "./envelope.ts";
import { readHeaders, type RequestHeaders } from "./headers.ts";
import type { SchemaValidator } from "./schema.ts";
import type { InjectedFault } from "../control/faults.ts";
import { errorMessage, operationResponse } from "../ops/response.ts";
import type { Principal } from "./auth.ts";

export interface SoapReply {
  status: number;
  body: string;
  /** Operation name, or `""` when the request never got that far. */
  operation: string;
  fault: boolean;
}

export interface EndpointOptions {
  validator?: () => Promise<SchemaValidator>;
  /** The request's `X-AnchorMailbox` HTTP header. */
  anchorMailbox?: string;
  /**
   * Strict routing, as Exchange Online: an impersonated request must carry X-AnchorMailbox naming
   * the impersonated mailbox, or it fails (on-premises servers proxy it anyway).
   */
  strictRouting?: boolean;
  /** Consulted once the operation is known; a fault returned replaces the reply. */
  injectFault?: (request: { operation: string; account: string }) => InjectedFault | undefined;
}

function fault(error: SoapFault, operation = ""): SoapReply {
  return {
    status: error.options.status ?? 500,
    body: faultEnvelope(error),
    operation,
    fault: true,
  };
}

/**
 * Whose mailbox the request acts on. An OAuth2 app-only token has no mailbox of its own, so
 * Exchange requires ExchangeImpersonation with it; a delegated token must not carry one.
 */
function resolveActingAs(
  organisation: Organisation,
  principal: Principal,
  headers: RequestHeaders,
  options: EndpointOptions,
): Mailbox {
  const target = headers.impersonation;
  if (principal.kind === "app" && !target) {
    throw new SoapFault(
      "ErrorInvalidExchangeImpersonationHeaderData",
      "ExchangeImpersonation SOAP header must be present for this type of OAuth token.",
    );
  }
  if (principal.kind === "user" && principal.oauth && target) {
    throw new SoapFault(
      "ErrorInvalidExchangeImpersonationHeaderData",
      "ExchangeImpersonation SOAP header must not exist for this type of OAuth token.",
    );
  }
  if (!target) return (principal as { account: Mailbox }).account;
  const mailbox = target.kind === "SID"
    ? undefined
    : target.kind === "PrincipalName"
    ? organisation.account(target.value)
    : organisation.mailbox(target.value);
  if (!mailbox) throw new SoapFault("ErrorNonExistentMailbox");
  // Impersonation needs the role even for the caller's own mailbox, as in Exchange.
  const allowed = principal.kind === "app"
    ? principal.fullAccess
    : organisation.mayImpersonate(principal.account.address, mailbox.address);
  if (!allowed) throw new SoapFault("ErrorImpersonateUserDenied");
  if (options.strictRouting && options.anchorMailbox?.trim().toLowerCase() !== mailbox.address) {
    throw new SoapFault(
      "ErrorImpersonationFailed",
      "Impersonation failed: the X-AnchorMailbox header must name the impersonated mailbox.",
    );
  }
  return mailbox;
}

function schemaFault(message: string, line?: number): SoapFault {
  return new SoapFault("ErrorSchemaValidation", "The request failed schema validation.", {
    faultString: `The request failed schema validation: ${message}`,
    messageXml: line === undefined ? [x("t:Violation", null, message)] : [
      x("t:LineNumber", null, String(line)),
      x("t:LinePosition", null, "0"),
      x("t:Violation", null, message),
    ],
  });
}

export async function handleSoap(
  organisation: Organisation,
  principal: Principal | Mailbox,
  document: string,
  options: EndpointOptions = {},
): Promise<SoapReply> {
  let envelope: XmlElement;
  try {
    envelope = parseXml(document);
  } catch (error) {
    if (error instanceof XmlParseError) return fault(schemaFault(error.message));
    throw error;
  }
  if (!is(envelope, "s:Envelope")) {
    return fault(schemaFault("The root element is not a SOAP 1.1 Envelope."));
  }
  // Exchange checks the requested version before the schema, so clients probing for the newest
  // version they know get ErrorInvalidServerVersion (and try an older one), not a schema error.
  let headers: RequestHeaders;
  try {
    headers = readHeaders(find(envelope, "s:Header"));
  } catch (error) {
    if (error instanceof SoapFault) return fault(error);
    throw error;
  }
  if (options.validator) {
    const [errors] = await (await options.validator()).validate([document]);
    if (errors.length) return fault(schemaFault(errors[0].message, errors[0].line));
  }
  const body = find(envelope, "s:Body");
  const request = body?.children[0];
  if (!request) {
    return fault(
      new SoapFault("ErrorInvalidRequest", "The request has no operation in its SOAP Body."),
    );
  }
  const operation = operationName(request.name);
  const handler = request.ns === NS.messages ? OPERATIONS.get(request.name) : undefined;
  if (!handler) {
    return fault(
      new SoapFault(
        "ErrorInvalidRequest",
        `The request is invalid: operation ${request.name} is not supported.`,
      ),
      operation,
    );
  }
  try {
    const who: Principal = "kind" in principal ? principal : { kind: "user", account: principal };
    const actingAs = resolveActingAs(organisation, who, headers, options);
    // An application acts with the rights of the mailbox it impersonates.
    const caller = who.kind === "user" ? who.account : actingAs;
    const injected = options.injectFault?.({ operation, account: caller.address });
    if (injected && !injected.rewrite) return { ...injectedReply(injected, operation), operation };
    const context: OperationContext = {
      organisation,
      caller,
      actingAs,
      requestVersion: headers.requestVersion,
      timeZoneId: headers.timeZoneId,
    };
    const body = replyEnvelope(handler(request, context));
    if (injected?.rewrite) {
      return { status: 200, body: injected.rewrite(body), operation, fault: true };
    }
    return { status: 200, body, operation, fault: false };
  } catch (error) {
    if (error instanceof SoapFault) return fault(error, operation);
    if (error instanceof EwsError) {
      return fault(new SoapFault(error.responseCode, error.message), operation);
    }
    console.error(`ews simulator: ${operation} failed`, error);
    return fault(
      new SoapFault("ErrorInternalServerError", undefined, { faultCode: "s:Server" }),
      operation,
    );
  }
}

/** The reply an injected fault stands for. */
export function injectedReply(
  injected: InjectedFault,
  operation = "",
): Omit<SoapReply, "operation"> {
  const status = injected.status ?? 500;
  if (status !== 500) {
    return { status, body: injected.message ?? `HTTP ${status}`, fault: true };
  }
  const code = injected.responseCode ?? "ErrorServerBusy";
  const busy = code === "ErrorServerBusy";
  if (injected.form === "reply" && operation) {
    const error = new EwsError(
      code,
      injected.message,
      busy
        ? [x("t:Value", { Name: "BackOffMilliseconds" }, String(injected.backOffMs ?? 2000))]
        : undefined,
    );
    const message = errorMessage(`m:${operation}ResponseMessage`, error);
    return {
      status: 200,
      body: replyEnvelope(operationResponse(operation, [message])),
      fault: true,
    };
  }
  const soapFault = new SoapFault(code, injected.message, {
    messageXml: busy
      ? [x("t:Value", { Name: "BackOffMilliseconds" }, String(injected.backOffMs ?? 2000))]
      : undefined,
  });
  return { status: 500, body: faultEnvelope(soapFault), fault: true };
}
