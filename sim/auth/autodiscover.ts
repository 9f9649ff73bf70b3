/**
 * POX Autodiscover for the simulated organisation: a signed-in POST naming a mailbox of the
 * organisation gets its settings (the EWS URL for inside and outside, EXCH and EXPR), any other
 * address gets Autodiscover's error 500 "The e-mail address cannot be found.", as Exchange does.
 */
import type { Context } from "hono";
import { parseXml } from "../../ews/xml/mod.ts";
import type { Organisation } from "../store/organisation.ts";

const RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
const OUTLOOK_NS =
  "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export async function autodiscover(
  c: Context,
  organisation: Organisation,
  ewsPath: string,
): Promise<Response> {
  let address = "";
  try {
    const request = parseXml(await c.req.text());
    const r = request.children.find((e) => e.name === "Request");
    address = r?.children.find((e) => e.name === "EMailAddress")?.text.trim() ?? "";
  } catch { /* answered as an unknown address below */ }
  const mailbox = organisation.mailbox(address);
  const body = mailbox
    ? `<Response xmlns="${OUTLOOK_NS}"><User><DisplayName>${escape(mailbox.displayName)}` +
      `</DisplayName><AutoDiscoverSMTPAddress>${
        escape(mailbox.address)
      }</AutoDiscoverSMTPAddress>` +
      `</User><Account><AccountType>email</AccountType><Action>settings</Action>` +
      ["EXCH", "EXPR"].map((type) => {
        const ews = `${new URL(c.req.url).origin}${ewsPath}`;
        return `<Protocol><Type>${type}</Type><Server>exsim01.${organisation.domain}</Server>` +
          `<EwsUrl>${escape(ews)}</EwsUrl></Protocol>`;
      }).join("") + `</Account></Response>`
    : `<Response><Error Time="${new Date().toISOString().slice(11, 19)}" Id="1">` +
      `<ErrorCode>500</ErrorCode><Message>The e-mail address cannot be found.</Message>` +
      `<DebugData /></Error></Response>`;
  return c.body(
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${RESPONSE_NS}">${body}</Autodiscover>`,
    200,
    { "Content-Type": "text/xml; charset=utf-8" },
  );
}
