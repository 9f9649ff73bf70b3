/**
 * SOAP envelopes as Exchange 2016 writes them: `s:`/`m:`/`t:` prefixes, a ServerVersionInfo
 * header on every reply, and faults with the EWS error detail (`e:ResponseCode`, `e:Message`,
 * `t:MessageXml`) that clients parse to tell e.g. ErrorServerBusy from ErrorSchemaValidation.
 */
import { NS, renderXmlDocument, x, type XmlNode } from "../../ews/xml/mod.ts";
import type { SoapFault } from "../ops/errors.ts";

export const ERRORS_NS = "http://schemas.microsoft.com/exchange/services/2006/errors";

/** The server this simulator claims to be: Exchange 2016 CU (15.1.2507.6). */
export const SERVER_VERSION = {
  MajorVersion: "15",
  MinorVersion: "1",
  MajorBuildNumber: "2507",
  MinorBuildNumber: "6",
  Version: "V2017_07_11",
} as const;

/** A reply envelope around an operation's response element. */
export function replyEnvelope(body: XmlNode): string {
  return renderXmlDocument(
    x(
      "s:Envelope",
      { "xmlns:s": NS.soap },
      x(
        "s:Header",
        null,
        x("h:ServerVersionInfo", {
          ...SERVER_VERSION,
          "xmlns:h": NS.types,
          "xmlns:xsd": "http://www.w3.org/2001/XMLSchema",
          "xmlns:xsi": NS.xsi,
        }),
      ),
      x(
        "s:Body",
        { "xmlns:xsi": NS.xsi, "xmlns:xsd": "http://www.w3.org/2001/XMLSchema" },
        withNamespaces(body),
      ),
    ),
  );
}

/** Declares m: and t: on the response element, where Exchange declares them. */
function withNamespaces(node: XmlNode): XmlNode {
  return { ...node, attrs: { ...node.attrs, "xmlns:m": NS.messages, "xmlns:t": NS.types } };
}

/** A SOAP fault envelope (no header, as Exchange sends faults). */
export function faultEnvelope(fault: SoapFault): string {
  const faultCode = fault.options.faultCode ?? `a:${fault.responseCode}`;
  const codeAttrs = faultCode.startsWith("a:") ? { "xmlns:a": NS.types } : undefined;
  return renderXmlDocument(
    x(
      "s:Envelope",
      { "xmlns:s": NS.soap },
      x(
        "s:Body",
        null,
        x(
          "s:Fault",
          null,
          x("faultcode", codeAttrs, faultCode),
          x("faultstring", { "xml:lang": "en-US" }, fault.options.faultString ?? fault.message),
          x(
            "detail",
            null,
            x("e:ResponseCode", { "xmlns:e": ERRORS_NS }, fault.responseCode),
            x("e:Message", { "xmlns:e": ERRORS_NS }, fault.message),
            fault.options.messageXml &&
              x("t:MessageXml", { "xmlns:t": NS.types }, ...fault.options.messageXml),
          ),
        ),
      ),
    ),
  );
}
