/** Building blocks of EWS replies: response messages with their class and code, dates. */
import { x, type XmlChild, type XmlNode } from "../../ews/xml/mod.ts";
import { EwsError } from "./errors.ts";

/** `xs:dateTime` in UTC without fractions, as Exchange writes it. */
export function ewsDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function successMessage(element: string, ...children: XmlChild[]): XmlNode {
  return x(
    element,
    { ResponseClass: "Success" },
    x("m:ResponseCode", null, "NoError"),
    ...children,
  );
}

/** An Error response message; `children` are the empty containers Exchange still writes. */
export function errorMessage(element: string, error: EwsError, ...children: XmlChild[]): XmlNode {
  return x(
    element,
    { ResponseClass: "Error" },
    x("m:MessageText", null, error.message),
    x("m:ResponseCode", null, error.responseCode),
    x("m:DescriptiveLinkKey", null, "0"),
    error.messageXml && x("m:MessageXml", null, ...error.messageXml),
    ...children,
  );
}

/** `<m:{Operation}Response><m:ResponseMessages>…` */
export function operationResponse(operation: string, messages: XmlNode[]): XmlNode {
  return x(`m:${operation}Response`, null, x("m:ResponseMessages", null, ...messages));
}

/**
 * Runs `body` and turns an EwsError into an Error response message, so one bad item of a batch
 * does not fail its neighbours. Other exceptions are bugs and propagate.
 */
export function respond(
  element: string,
  body: () => XmlChild[],
  errorChildren: () => XmlChild[] = () => [],
): XmlNode {
  try {
    return successMessage(element, ...body());
  } catch (error) {
    if (error instanceof EwsError) return errorMessage(element, error, ...errorChildren());
    throw error;
  }
}

/** Parses an `xs:boolean`. */
export function parseBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  return undefined;
}
