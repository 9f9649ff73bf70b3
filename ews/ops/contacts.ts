/** Personal contacts: FindItem (search), GetItem, CreateItem, UpdateItem, DeleteItem. */
import type { EwsClient } from "../client.ts";
import type { Contact, ContactFields, PostalAddress } from "../contact_types.ts";
import { EwsError } from "../errors.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { singleResponse } from "../soap/reply.ts";
import { find, findAll, textOf, x, type XmlElement, type XmlNode } from "../xml/mod.ts";
import { resolveFolder } from "./folders.ts";
import { fieldUri, findItemPage, readItemPage } from "./item_page.ts";
import { createItemIn, updateOneItem } from "./one_item.ts";

const FIELDS = [
  "contacts:DisplayName",
  "contacts:GivenName",
  "contacts:Surname",
  "contacts:CompanyName",
  "contacts:JobTitle",
  "contacts:EmailAddresses",
  "contacts:PhoneNumbers",
];
const DETAIL_FIELDS = [
  ...FIELDS,
  "contacts:MiddleName",
  "contacts:Nickname",
  "contacts:Department",
  "contacts:PhysicalAddresses",
  "contacts:Birthday",
  "item:Body",
  "item:Categories",
];

const shape = (uris: string[]) =>
  x(
    "m:ItemShape",
    null,
    x("t:BaseShape", null, "IdOnly"),
    x("t:BodyType", null, "Text"),
    x("t:AdditionalProperties", null, uris.map(fieldUri)),
  );

const POSTAL = ["Street", "City", "State", "CountryOrRegion", "PostalCode"] as const;
const postalKey = (p: string): keyof PostalAddress =>
  p === "CountryOrRegion" ? "country" : (p[0].toLowerCase() + p.slice(1)) as keyof PostalAddress;

function entries(item: XmlElement, path: string): Record<string, string> {
  return Object.fromEntries(
    findAll(item, `${path}/t:Entry`).map((e) => [e.attrs.Key ?? "", e.text.replace(/^smtp:/i, "")]),
  );
}

export function readContact(item: XmlElement): Contact {
  const id = find(item, "t:ItemId");
  const addresses: Record<string, PostalAddress> = {};
  for (const entry of findAll(item, "t:PhysicalAddresses/t:Entry")) {
    const address: PostalAddress = {};
    for (const part of POSTAL) {
      const v = textOf(entry, `t:${part}`);
      if (v) address[postalKey(part)] = v;
    }
    addresses[entry.attrs.Key ?? "Business"] = address;
  }
  const text = (name: string) => textOf(item, name) || undefined;
  return {
    id: id?.attrs.Id ?? "",
    changeKey: id?.attrs.ChangeKey,
    displayName: textOf(item, "t:DisplayName") ?? "",
    givenName: text("t:GivenName"),
    middleName: text("t:MiddleName"),
    surname: text("t:Surname"),
    nickname: text("t:Nickname"),
    companyName: text("t:CompanyName"),
    jobTitle: text("t:JobTitle"),
    department: text("t:Department"),
    emails: entries(item, "t:EmailAddresses"),
    phones: entries(item, "t:PhoneNumbers"),
    addresses,
    birthday: text("t:Birthday")?.slice(0, 10),
    notes: text("t:Body"),
    categories: findAll(item, "t:Categories/t:String").map((s) => s.text),
  };
}

const contains = (path: XmlNode, value: string) =>
  x(
    "t:Contains",
    { ContainmentMode: "Substring", ContainmentComparison: "IgnoreCase" },
    path,
    x("t:Constant", { Value: value }),
  );

/** Contacts whose name, email or company contains `query` (all when empty), one page. */
export async function searchContacts(
  client: EwsClient,
  ctx: MailboxContext,
  query: { text?: string; folder: string; offset: number; maxResults: number },
): Promise<{ contacts: Contact[]; total: number; nextOffset?: number }> {
  const folder = await resolveFolder(client, ctx, query.folder);
  const text = query.text?.trim();
  const reply = await client.call(
    findItemPage({
      properties: FIELDS.map(fieldUri),
      bodyType: "Text",
      maxResults: query.maxResults,
      offset: query.offset,
      restriction: !!text &&
        x(
          "t:Or",
          null,
          contains(fieldUri("contacts:DisplayName"), text),
          contains(fieldUri("contacts:CompanyName"), text),
          ["EmailAddress1", "EmailAddress2", "EmailAddress3"].map((key) =>
            contains(
              x("t:IndexedFieldURI", { FieldURI: "contacts:EmailAddress", FieldIndex: key }),
              text,
            )
          ),
        ),
      sort: { by: fieldUri("contacts:FileAs") },
      folders: folder,
    }),
    ctx.target,
    { idempotent: true },
  );
  const page = readItemPage(reply, ctx.mailbox, query.offset, readContact);
  return { contacts: page.items, total: page.total, nextOffset: page.nextOffset };
}

export async function getContact(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
): Promise<Contact> {
  const reply = await client.call(
    x("m:GetItem", null, shape(DETAIL_FIELDS), x("m:ItemIds", null, x("t:ItemId", { Id: id }))),
    ctx.target,
    { idempotent: true },
  );
  const item = find(singleResponse(reply, ctx.mailbox).element, "m:Items")?.children[0];
  if (!item || item.name !== "Contact") {
    throw new EwsError("This id is not a contact", {
      kind: "invalid_input",
      hint: "Pass an id from search_contacts.",
    });
  }
  return readContact(item);
}

const dictionary = (tag: string, values: Record<string, string>) =>
  Object.keys(values).length > 0 &&
  x(tag, null, Object.entries(values).map(([key, v]) => x("t:Entry", { Key: key }, v)));

/** `t:Contact` content in schema order. */
function contactXml(c: Partial<ContactFields>): XmlNode[] {
  const addresses = c.addresses ?? {};
  return [
    c.notes !== undefined && x("t:Body", { BodyType: "Text" }, c.notes),
    c.categories?.length &&
    x("t:Categories", null, c.categories.map((s) => x("t:String", null, s))),
    c.displayName !== undefined && x("t:DisplayName", null, c.displayName),
    c.givenName !== undefined && x("t:GivenName", null, c.givenName),
    c.middleName !== undefined && x("t:MiddleName", null, c.middleName),
    c.nickname !== undefined && x("t:Nickname", null, c.nickname),
    c.companyName !== undefined && x("t:CompanyName", null, c.companyName),
    dictionary("t:EmailAddresses", c.emails ?? {}),
    Object.keys(addresses).length > 0 &&
    x(
      "t:PhysicalAddresses",
      null,
      Object.entries(addresses).map(([key, a]) =>
        x(
          "t:Entry",
          { Key: key },
          POSTAL.map((p) => a[postalKey(p)] !== undefined && x(`t:${p}`, null, a[postalKey(p)]!)),
        )
      ),
    ),
    dictionary("t:PhoneNumbers", c.phones ?? {}),
    c.birthday !== undefined && x("t:Birthday", null, `${c.birthday}T12:00:00Z`),
    c.department !== undefined && x("t:Department", null, c.department),
    c.jobTitle !== undefined && x("t:JobTitle", null, c.jobTitle),
    c.surname !== undefined && x("t:Surname", null, c.surname),
  ].filter((n): n is XmlNode => !!n && typeof n === "object");
}

export function createContact(
  client: EwsClient,
  ctx: MailboxContext,
  folder: string,
  contact: Partial<ContactFields>,
): Promise<{ id: string }> {
  return createItemIn(client, ctx, folder, "Contact", contactXml(contact));
}

const SIMPLE: Record<string, string> = {
  displayName: "DisplayName",
  givenName: "GivenName",
  middleName: "MiddleName",
  surname: "Surname",
  nickname: "Nickname",
  companyName: "CompanyName",
  jobTitle: "JobTitle",
  department: "Department",
};

/**
 * Changes the given fields; `null` clears one. Dictionaries change per entry (an email, phone or
 * address key given replaces that entry; null removes it).
 */
export async function updateContact(
  client: EwsClient,
  ctx: MailboxContext,
  id: string,
  changes: {
    simple: Record<string, string | null>;
    emails?: Record<string, string | null>;
    phones?: Record<string, string | null>;
    addresses?: Record<string, PostalAddress | null>;
    birthday?: string | null;
    notes?: string | null;
    categories?: string[];
  },
): Promise<{ id: string; changes: number }> {
  const updates: XmlNode[] = [];
  const uri = (name: string) => x("t:FieldURI", { FieldURI: name });
  const set = (path: XmlNode, ...value: XmlNode[]) =>
    updates.push(x("t:SetItemField", null, path, x("t:Contact", null, ...value)));
  const clear = (path: XmlNode) => updates.push(x("t:DeleteItemField", null, path));
  for (const [field, value] of Object.entries(changes.simple)) {
    const element = SIMPLE[field];
    if (value === null) clear(uri(`contacts:${element}`));
    else set(uri(`contacts:${element}`), x(`t:${element}`, null, value));
  }
  const indexed = (field: string, key: string) =>
    x("t:IndexedFieldURI", { FieldURI: field, FieldIndex: key });
  for (const [key, value] of Object.entries(changes.emails ?? {})) {
    if (value === null) clear(indexed("contacts:EmailAddress", key));
    else {
      set(
        indexed("contacts:EmailAddress", key),
        x("t:EmailAddresses", null, x("t:Entry", { Key: key }, value)),
      );
    }
  }
  for (const [key, value] of Object.entries(changes.phones ?? {})) {
    if (value === null) clear(indexed("contacts:PhoneNumber", key));
    else {
      set(
        indexed("contacts:PhoneNumber", key),
        x("t:PhoneNumbers", null, x("t:Entry", { Key: key }, value)),
      );
    }
  }
  for (const [key, value] of Object.entries(changes.addresses ?? {})) {
    for (const part of POSTAL) {
      const path = indexed(`contacts:PhysicalAddress:${part}`, key);
      const v = value?.[postalKey(part)];
      if (v === undefined) clear(path);
      else {
        set(
          path,
          x("t:PhysicalAddresses", null, x("t:Entry", { Key: key }, x(`t:${part}`, null, v))),
        );
      }
    }
  }
  if (changes.birthday === null) clear(uri("contacts:Birthday"));
  else if (changes.birthday) {
    set(uri("contacts:Birthday"), x("t:Birthday", null, `${changes.birthday}T12:00:00Z`));
  }
  if (changes.notes === null) clear(uri("item:Body"));
  else if (changes.notes !== undefined) {
    set(uri("item:Body"), x("t:Body", { BodyType: "Text" }, changes.notes));
  }
  if (changes.categories) {
    if (changes.categories.length === 0) clear(uri("item:Categories"));
    else {
      set(
        uri("item:Categories"),
        x("t:Categories", null, changes.categories.map((c) => x("t:String", null, c))),
      );
    }
  }
  const result = await updateOneItem(client, ctx, id, updates);
  return { id: result.id, changes: updates.length };
}
