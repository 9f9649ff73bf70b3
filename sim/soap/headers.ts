/** The SOAP headers EWS requests carry that change how the request is served. */
import { find, type XmlElement } from "../../ews/xml/mod.ts";
import { SoapFault } from "../ops/errors.ts";

/** RequestServerVersion values an Exchange 2016 server accepts. */
export const REQUEST_VERSIONS: ReadonlySet<string> = new Set([
  "Exchange2007",
  "Exchange2007_SP1",
  "Exchange2009",
  "Exchange2010",
  "Exchange2010_SP1",
  "Exchange2010_SP2",
  "Exchange2012",
  "Exchange2013",
  "Exchange2013_SP1",
  "Exchange2015",
  "Exchange2016",
  "V2015_10_05",
  "V2016_01_06",
  "V2016_04_13",
  "V2016_07_13",
  "V2016_10_10",
]);

export interface RequestHeaders {
  requestVersion: string;
  /** How the impersonated user was named, when the request impersonates. */
  impersonation?: {
    kind: "PrimarySmtpAddress" | "SmtpAddress" | "PrincipalName" | "SID";
    value: string;
  };
  timeZoneId?: string;
}

export function readHeaders(header: XmlElement | undefined): RequestHeaders {
  const versionElement = find(header, "t:RequestServerVersion");
  const requestVersion = versionElement?.attrs.Version ?? "Exchange2013";
  if (!REQUEST_VERSIONS.has(requestVersion)) {
    throw new SoapFault("ErrorInvalidServerVersion", "The specified server version is invalid.");
  }
  const sid = find(header, "t:ExchangeImpersonation/t:ConnectingSID");
  let impersonation: RequestHeaders["impersonation"];
  if (sid) {
    const named = sid.children[0];
    if (!named) throw new SoapFault("ErrorInvalidRequest", "ConnectingSID names no user.");
    const kind = named.name as NonNullable<RequestHeaders["impersonation"]>["kind"];
    if (!["PrimarySmtpAddress", "SmtpAddress", "PrincipalName", "SID"].includes(kind)) {
      throw new SoapFault(
        "ErrorInvalidRequest",
        `Unsupported ConnectingSID element ${named.name}.`,
      );
    }
    impersonation = { kind, value: named.text.trim() };
  }
  const timeZoneId = find(header, "t:TimeZoneContext/t:TimeZoneDefinition")?.attrs.Id;
  return { requestVersion, impersonation, timeZoneId };
}
