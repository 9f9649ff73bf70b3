/**
 * ResolveNames: ambiguous name resolution against the organisation's directory (mailboxes and
 * distribution lists) and the caller's personal contacts, as SearchScope says. An entry
 * matches a mailbox by SMTP address, alias (local part) or by the start of any word of its
 * display name, case-insensitively; one match is Success, several a Warning
 * (ErrorNameResolutionMultipleResults) listing them all, none an Error.
 */
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import { type ContactItem, contactItems } from "../store/contacts.ts";
import { directoryOf } from "../store/directory.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { contactIdAttrs } from "./contacts.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { mailboxElement } from "./item_properties.ts";
import { errorMessage, operationResponse, parseBoolean } from "./response.ts";
import { resolveFolder } from "./targets.ts";

function matches(mailbox: Mailbox, entry: string): boolean {
  const e = entry.toLowerCase().replace(/^smtp:/, "");
  const alias = mailbox.address.split("@")[0];
  if (mailbox.address === e || alias === e) return true;
  if (mailbox.address.startsWith(e)) return true;
  return mailbox.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(e)) ||
    mailbox.displayName.toLowerCase().startsWith(e);
}

/** Whether a personal contact matches: display name words, given name, surname or an address. */
function contactMatches(contact: ContactItem, entry: string): boolean {
  const e = entry.toLowerCase().replace(/^smtp:/, "");
  const names = [contact.displayName, contact.givenName ?? "", contact.surname ?? ""]
    .join(" ").toLowerCase();
  return names.split(/\s+/).some((w) => w && w.startsWith(e)) ||
    contact.displayName.toLowerCase().startsWith(e) ||
    [...contact.emails.values()].some((a) => a.toLowerCase().startsWith(e));
}

type Found =
  | { kind: "mailbox"; name: string; mailbox: Mailbox }
  | { kind: "list"; name: string; address: string }
  | { kind: "contact"; name: string; owner: Mailbox; contact: ContactItem };

/** The contacts folders a request searches: its ParentFolderIds, else the caller's Contacts. */
function contactFolders(request: XmlElement, context: OperationContext) {
  const ids = find(request, "m:ParentFolderIds")?.children ?? [];
  if (ids.length === 0) {
    return [{ mailbox: context.actingAs, folder: context.actingAs.folder("contacts")! }];
  }
  return ids.map((id) => resolveFolder(id, context));
}

export const resolveNames: OperationHandler = (request, context) => {
  const entry = find(request, "m:UnresolvedEntry")?.text.trim() ?? "";
  const fullContactData = parseBoolean(request.attrs.ReturnFullContactData) ?? false;
  const scope = request.attrs.SearchScope ?? "ActiveDirectoryContacts";
  const element = "m:ResolveNamesResponseMessage";
  const directory: Found[] = [];
  const personal: Found[] = [];
  try {
    if (entry && scope !== "Contacts") {
      for (const m of context.organisation.mailboxes) {
        if (matches(m, entry)) directory.push({ kind: "mailbox", name: m.displayName, mailbox: m });
      }
      const e = entry.toLowerCase().replace(/^smtp:/, "");
      for (const list of directoryOf(context.organisation).distributionLists) {
        if (
          list.address.startsWith(e) ||
          list.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(e))
        ) {
          directory.push({ kind: "list", name: list.name, address: list.address });
        }
      }
    }
    if (entry && scope !== "ActiveDirectory") {
      for (const { mailbox, folder } of contactFolders(request, context)) {
        for (const contact of contactItems(mailbox).values()) {
          if (contact.folderKey === folder.key && contactMatches(contact, entry)) {
            personal.push({ kind: "contact", name: contact.displayName, owner: mailbox, contact });
          }
        }
      }
    }
  } catch (error) {
    if (error instanceof EwsError) {
      return operationResponse("ResolveNames", [errorMessage(element, error)]);
    }
    throw error;
  }
  const byName = (a: Found, b: Found) => a.name.localeCompare(b.name);
  directory.sort(byName);
  personal.sort(byName);
  // Contacts first when the scope says so, as Exchange orders them.
  const found = scope.startsWith("Contacts")
    ? [...personal, ...directory]
    : [...directory, ...personal];
  if (found.length === 0) {
    return operationResponse("ResolveNames", [
      errorMessage(element, new EwsError("ErrorNameResolutionNoResults")),
    ]);
  }
  const resolutions = found.map((f) => {
    if (f.kind === "list") {
      return x(
        "t:Resolution",
        null,
        mailboxElement({ name: f.name, emailAddress: f.address, mailboxType: "PublicDL" }),
      );
    }
    if (f.kind === "contact") {
      const c = f.contact;
      const email = c.emails.get("EmailAddress1") ?? [...c.emails.values()][0] ?? "";
      return x(
        "t:Resolution",
        null,
        x(
          "t:Mailbox",
          null,
          x("t:Name", null, c.displayName),
          x("t:EmailAddress", null, email),
          x("t:RoutingType", null, "SMTP"),
          x("t:MailboxType", null, "Contact"),
          x("t:ItemId", contactIdAttrs(f.owner, c)),
        ),
        fullContactData &&
          x(
            "t:Contact",
            null,
            x("t:DisplayName", null, c.displayName),
            c.givenName && x("t:GivenName", null, c.givenName),
            c.companyName && x("t:CompanyName", null, c.companyName),
            c.emails.size > 0 &&
              x(
                "t:EmailAddresses",
                null,
                ...[...c.emails].sort().map(([key, a]) => x("t:Entry", { Key: key }, `SMTP:${a}`)),
              ),
            c.phones.size > 0 &&
              x(
                "t:PhoneNumbers",
                null,
                ...[...c.phones].sort().map(([key, n]) => x("t:Entry", { Key: key }, n)),
              ),
            x("t:ContactSource", null, "Store"),
            c.jobTitle && x("t:JobTitle", null, c.jobTitle),
            c.surname && x("t:Surname", null, c.surname),
          ),
      );
    }
    const m = f.mailbox;
    return x(
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
    );
  });
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
