/** XML namespaces of EWS. Prefixes are the sender's choice; these URIs are the meaning. */
export const NS = {
  soap: "http://schemas.xmlsoap.org/soap/envelope/",
  messages: "http://schemas.microsoft.com/exchange/services/2006/messages",
  types: "http://schemas.microsoft.com/exchange/services/2006/types",
  errors: "http://schemas.microsoft.com/exchange/services/2006/errors",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  xml: "http://www.w3.org/XML/1998/namespace",
} as const;

/**
 * Canonical prefixes: what our builder writes (`s:`, `m:`, `t:`, declared once on the envelope)
 * and what query paths use (`e:` for the errors namespace of SOAP fault details).
 */
export const PREFIXES: Record<string, string> = {
  s: NS.soap,
  m: NS.messages,
  t: NS.types,
  e: NS.errors,
};
