/**
 * Checks a mailbox address a caller typed (`target_mailbox`) before it goes anywhere near a
 * SOAP body or the X-AnchorMailbox header: control, zero-width and other invisible characters
 * are refused with a message saying which and where; internationalised domain names are
 * accepted and written in their ASCII (punycode) form, which is what HTTP headers can carry.
 */
import { domainToASCII } from "node:url";
import { EwsError } from "../errors.ts";

// Control (Cc), format (Cf: zero-width space/joiners, BOM, bidi marks), separators (Zl, Zp)
// and lone surrogates (Cs): none belongs in an address, and all are invisible in a chat.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function invalid(address: string, why: string): EwsError {
  return new EwsError(`Not a valid mailbox address: ${JSON.stringify(address)} (${why})`, {
    kind: "invalid_input",
    hint: "Give a plain SMTP address such as user@example.com.",
  });
}

/** The address ready to send (IDN domain in ASCII form), or an invalid_input EwsError. */
export function normaliseMailboxAddress(text: string): string {
  const bad = INVISIBLE.exec(text);
  const address = text.trim();
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw invalid(address, `invisible or control character U+${code} at position ${bad.index + 1}`);
  }
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) throw invalid(address, "it needs user@domain");
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (
    !LOCAL_PART.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")
  ) {
    throw invalid(address, "the part before @ has characters Exchange does not accept");
  }
  const ascii = domainToASCII(domain.replace(/\.$/, "")).toLowerCase();
  const labels = ascii.split(".");
  if (!ascii || ascii.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    throw invalid(address, "the domain is not a valid host name");
  }
  return `${local}@${ascii}`;
}
