/** The directory: ResolveNames (people, lists and personal contacts) and ExpandDL. */
import type { EwsClient } from "../client.ts";
import type { ListMember, Resolution } from "../contact_types.ts";
import { errorFromResponseCode } from "../errors.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { responseMessages } from "../soap/reply.ts";
import { find, findAll, textOf, x } from "../xml/mod.ts";

export type ResolveScope = "directory" | "contacts" | "both";

const SCOPES: Record<ResolveScope, string> = {
  directory: "ActiveDirectory",
  contacts: "Contacts",
  both: "ActiveDirectoryContacts",
};

/**
 * Candidates for a name or partial address, with their contact data. Exchange answers several
 * matches with the "multiple results" warning; all of them are returned. None is an empty list.
 */
export async function resolveNames(
  client: EwsClient,
  ctx: MailboxContext,
  entry: string,
  scope: ResolveScope,
): Promise<Resolution[]> {
  const reply = await client.call(
    x(
      "m:ResolveNames",
      { ReturnFullContactData: "true", SearchScope: SCOPES[scope] },
      // Exchange searches the caller's own Contacts unless told: a delegate names the owner's.
      ctx.access === "delegate" && scope !== "directory" &&
        x("m:ParentFolderIds", null, distinguishedFolderId(ctx, "contacts")),
      x("m:UnresolvedEntry", null, entry),
    ),
    ctx.target,
    { idempotent: true },
  );
  const [message] = responseMessages(reply);
  if (!message) return [];
  if (message.responseCode === "ErrorNameResolutionNoResults") return [];
  if (message.responseClass === "Error") {
    throw errorFromResponseCode(message.responseCode, message.messageText, {
      mailbox: ctx.mailbox,
    });
  }
  return findAll(message.element, "m:ResolutionSet/t:Resolution").map((r) => {
    const mailbox = find(r, "t:Mailbox");
    const contact = find(r, "t:Contact");
    const type = textOf(mailbox, "t:MailboxType");
    const phones = Object.fromEntries(
      findAll(contact, "t:PhoneNumbers/t:Entry").map((e) => [e.attrs.Key ?? "", e.text]),
    );
    const contactId = find(mailbox, "t:ItemId")?.attrs.Id;
    return {
      name: textOf(mailbox, "t:Name"),
      email: textOf(mailbox, "t:EmailAddress") ?? "",
      type,
      source: textOf(contact, "t:ContactSource") === "Store" || contactId
        ? "contacts" as const
        : "directory" as const,
      ...(contactId ? { contactId } : {}),
      ...(textOf(contact, "t:CompanyName")
        ? { companyName: textOf(contact, "t:CompanyName") }
        : {}),
      ...(textOf(contact, "t:JobTitle") ? { jobTitle: textOf(contact, "t:JobTitle") } : {}),
      ...(Object.keys(phones).length ? { phones } : {}),
    };
  });
}

/** The members of a distribution list, one level deep; nested lists have type PublicDL. */
export async function expandDistributionList(
  client: EwsClient,
  ctx: MailboxContext,
  address: string,
): Promise<ListMember[]> {
  const reply = await client.call(
    x("m:ExpandDL", null, x("m:Mailbox", null, x("t:EmailAddress", null, address))),
    ctx.target,
    { idempotent: true },
  );
  const [message] = responseMessages(reply);
  if (!message || message.responseClass === "Error") {
    throw errorFromResponseCode(
      message?.responseCode ?? "ErrorInternalServerError",
      message?.messageText,
      {
        mailbox: ctx.mailbox,
      },
    );
  }
  return findAll(message.element, "m:DLExpansion/t:Mailbox").map((m) => ({
    name: textOf(m, "t:Name"),
    email: textOf(m, "t:EmailAddress") ?? "",
    type: textOf(m, "t:MailboxType"),
  }));
}
