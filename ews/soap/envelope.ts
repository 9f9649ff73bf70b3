/**
 * The SOAP envelope every EWS request travels in. Headers say which schema version we speak,
 * whom we act for (ExchangeImpersonation) and which time zone dates are meant in.
 */
import { NS, renderXmlDocument, x, type XmlNode } from "../xml/mod.ts";

export interface EnvelopeHeaders {
  /** `RequestServerVersion`, e.g. `Exchange2013_SP1`. */
  serverVersion: string;
  /** SMTP address to impersonate (ExchangeImpersonation/ConnectingSID/PrimarySmtpAddress). */
  impersonate?: string;
  /** Windows time zone id for `TimeZoneContext`, e.g. `W. Europe Standard Time`. */
  timeZoneId?: string;
}

/** Wraps an operation element in a complete, escaped SOAP 1.1 envelope. */
export function buildEnvelope(operation: XmlNode, headers: EnvelopeHeaders): string {
  return renderXmlDocument(
    x(
      "s:Envelope",
      { "xmlns:s": NS.soap, "xmlns:m": NS.messages, "xmlns:t": NS.types },
      x(
        "s:Header",
        null,
        x("t:RequestServerVersion", { Version: headers.serverVersion }),
        headers.impersonate &&
          x(
            "t:ExchangeImpersonation",
            null,
            x("t:ConnectingSID", null, x("t:PrimarySmtpAddress", null, headers.impersonate)),
          ),
        headers.timeZoneId &&
          x("t:TimeZoneContext", null, x("t:TimeZoneDefinition", { Id: headers.timeZoneId })),
      ),
      x("s:Body", null, operation),
    ),
  );
}
