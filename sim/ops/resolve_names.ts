/**
 * ResolveNames: ambiguous name resolution against the organisation's directory. An entry
 * matches a mailbox by SMTP address, alias (local part) or by the start of any word of its
 * display name, case-insensitively; one match is Success, several a Warning
 * (ErrorNameResolutionMultipleResults) listing them all, none an Error.
 */
import { find, x } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { mailboxElement } from "./item_properties.ts";
import { errorMessage, operationResponse, parseBoolean } from "./response.ts";

function matches(mailbox: Mailbox, entry: string): boolean {
  const e = entry.toLowerCase().replace(/^smtp:/, "");
  const alias = mailbox.address.split("@")[0];
  if (mailbox.address === e || alias === e) return true;
  if (mailbox.address.startsWith(e)) return true;
  return mailbox.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(e)) ||
    mailbox.displayName.toLowerCase().startsWith(e);
}

export const resolveNames: OperationHandler = (request, context) => {
  const entry = find(request, "m:UnresolvedEntry")?.text.trim() ?? "";
  const fullContactData = parseBoolean(request.attrs.ReturnFullContactData) ?? false;
  const found = entry ? context.organisation.mailboxes.filter((m) => matches(m, entry)) : [];
  found.sort((a, b) => a.displayName.localeCompare(b.displayName));
  const element = "m:ResolveNamesResponseMessage";
  if (found.length === 0) {
    return operationResponse("ResolveNames", [
      errorMessage(element, new EwsError("ErrorNameResolutionNoResults")),
    ]);
  }
  const resolutions = found.map((m) =>
    x(
      "t:Resolution",
      null,
      mailboxElement(m.emailAddress),
      fullContactData &&
        x(
          "t:Contact",
          null,
          x("t:DisplayName", null, m.displayName),
          x("t:GivenName", null, m.displayName.split(" ")[0]),
          x(
            "t:EmailAddresses",
            null,
            x("t:Entry", { Key: "EmailAddress1" }, `SMTP:${m.address}`),
          ),
          x("t:ContactSource", null, "ActiveDirectory"),
        ),
    )
  );
  const ambiguous = found.length > 1;
  return operationResponse("ResolveNames", [
    x(
      element,
      { ResponseClass: ambiguous ? "Warning" : "Success" },
      ambiguous && x("m:MessageText", null, "Multiple results were found."),
      x("m:ResponseCode", null, ambiguous ? "ErrorNameResolutionMultipleResults" : "NoError"),
      ambiguous && x("m:DescriptiveLinkKey", null, "0"),
      x(
        "m:ResolutionSet",
        { TotalItemsInView: String(found.length), IncludesLastItemInRange: "true" },
        ...resolutions,
      ),
    ),
  ]);
};
