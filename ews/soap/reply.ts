/**
 * Reading an EWS reply: the SOAP fault (if any), `ServerVersionInfo`, and the per-item response
 * messages whose `ResponseClass` may mix Success, Warning and Error in one batch.
 */
import { errorFromResponseCode, EwsError, unauthorizedHint } from "../errors.ts";
import { find, parseXml, textOf, type XmlElement, XmlParseError } from "../xml/mod.ts";

export interface ServerVersion {
  majorVersion: number;
  minorVersion: number;
  majorBuildNumber: number;
  minorBuildNumber: number;
  /** Schema version label, e.g. `V2017_07_11`. */
  version?: string;
}

export interface SoapReply {
  /** The operation's response element (first child of the SOAP Body). */
  body: XmlElement;
  serverVersion?: ServerVersion;
}

export type ResponseClass = "Success" | "Warning" | "Error";

/** One entry of `m:ResponseMessages`: the outcome for one item of a batch. */
export interface ResponseMessage {
  responseClass: ResponseClass;
  responseCode: string;
  messageText?: string;
  /** The response message element itself, holding the payload (Items, Folders, RootFolder…). */
  element: XmlElement;
  /** Present when the server asked us to back off. */
  backOffMs?: number;
}

/** Parses a SOAP reply; throws EwsError for faults, non-SOAP bodies and HTTP errors. */
export function parseSoapReply(xml: string, httpStatus: number, authType?: string): SoapReply {
  let envelope: XmlElement;
  try {
    envelope = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlParseError && httpStatus >= 400) {
      throw httpError(httpStatus, xml, authType);
    }
    throw new EwsError(`Exchange sent a reply that is not valid XML: ${(error as Error).message}`, {
      kind: "server",
      status: httpStatus,
    });
  }
  const fault = find(envelope, "s:Body/s:Fault");
  if (fault) throw faultError(fault);
  const body = find(envelope, "s:Body")?.children[0];
  if (!body) {
    if (httpStatus >= 400) throw httpError(httpStatus, xml, authType);
    throw new EwsError("Exchange sent a SOAP reply with an empty body", {
      kind: "server",
      status: httpStatus,
    });
  }
  const info = find(envelope, "s:Header/t:ServerVersionInfo");
  return { body, serverVersion: info ? readServerVersion(info) : undefined };
}

function readServerVersion(info: XmlElement): ServerVersion {
  const num = (name: string) => Number(info.attrs[name] ?? 0);
  return {
    majorVersion: num("MajorVersion"),
    minorVersion: num("MinorVersion"),
    majorBuildNumber: num("MajorBuildNumber"),
    minorBuildNumber: num("MinorBuildNumber"),
    version: info.attrs.Version,
  };
}

function faultError(fault: XmlElement): EwsError {
  const detail = find(fault, "detail");
  const faultcode = textOf(fault, "faultcode") ?? "";
  const code = textOf(detail, "e:ResponseCode") ??
    (faultcode.includes(":") ? faultcode.slice(faultcode.indexOf(":") + 1) : faultcode);
  const message = textOf(detail, "e:Message") ?? textOf(fault, "faultstring");
  return errorFromResponseCode(code || "ErrorInternalServerError", message, {
    backOffMs: backOffFrom(detail),
  });
}

/** Reads `MessageXml/Value[Name=BackOffMilliseconds]`, which Exchange adds when throttling. */
function backOffFrom(container: XmlElement | undefined): number | undefined {
  const messageXml = container &&
    (find(container, "t:MessageXml") ?? find(container, "m:MessageXml"));
  const value = messageXml?.children.find((c) => c.attrs.Name === "BackOffMilliseconds");
  const ms = value ? Number(value.text) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function httpError(status: number, body: string, authType?: string): EwsError {
  if (status === 401) {
    return new EwsError("Exchange rejected the credentials (HTTP 401)", {
      kind: "unauthorized",
      status,
      hint: unauthorizedHint(authType),
    });
  }
  if (status === 403) {
    return new EwsError("Exchange refused access to EWS (HTTP 403)", {
      kind: "access_denied",
      status,
      hint: "EWS may be disabled for this account (Set-CASMailbox -EwsEnabled).",
    });
  }
  if (status === 503 || status === 429) {
    return new EwsError(`Exchange is busy (HTTP ${status})`, {
      kind: "throttled",
      status,
      hint: "Try again shortly.",
    });
  }
  if (status === 404) {
    return new EwsError("No EWS endpoint at this URL (HTTP 404)", {
      kind: "server",
      status,
      hint: "Check EWS_SERVER_URL; it usually ends in /EWS/Exchange.asmx.",
    });
  }
  const snippet = body.replace(/\s+/g, " ").slice(0, 200);
  return new EwsError(`Exchange answered HTTP ${status}${snippet ? `: ${snippet}` : ""}`, {
    kind: "server",
    status,
  });
}

/** The `m:ResponseMessages` entries of an operation response, in request order. */
export function responseMessages(reply: SoapReply): ResponseMessage[] {
  const container = find(reply.body, "m:ResponseMessages");
  if (!container) return [];
  return container.children.map(readResponseMessage);
}

/** Reads one response message element (any `*ResponseMessage`, or OOF's `ResponseMessage`). */
export function readResponseMessage(element: XmlElement): ResponseMessage {
  const responseClass = (element.attrs.ResponseClass ?? "Success") as ResponseClass;
  return {
    responseClass,
    responseCode: textOf(element, "m:ResponseCode") ?? "NoError",
    messageText: textOf(element, "m:MessageText"),
    element,
    backOffMs: backOffFrom(element),
  };
}

/** Throws the EwsError a response message carries, if it is an Error. */
export function throwIfError(message: ResponseMessage, mailbox?: string): ResponseMessage {
  if (message.responseClass === "Error") {
    throw errorFromResponseCode(message.responseCode, message.messageText, {
      backOffMs: message.backOffMs,
      mailbox,
    });
  }
  return message;
}

/** The single response message of a one-item request, or an error if it failed. */
export function singleResponse(reply: SoapReply, mailbox?: string): ResponseMessage {
  const [first] = responseMessages(reply);
  if (!first) {
    throw new EwsError("Exchange sent no response message", { kind: "server" });
  }
  return throwIfError(first, mailbox);
}
