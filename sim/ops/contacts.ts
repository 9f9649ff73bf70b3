/**
 * Contacts through the item operations: `t:Contact` rendered in the schema's element order,
 * read from CreateItem, changed field by field in UpdateItem (indexed fields such as
 * `contacts:EmailAddress[EmailAddress1]` included), found with FindItem in contacts folders.
 */
import { find, findAll, x, type XmlElement } from "../../ews/xml/mod.ts";
import {
  addContact,
  type ContactItem,
  contactItems,
  fileAs,
  moveContact,
  type NewContact,
  type PostalAddress,
} from "../store/contacts.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { EwsError } from "./errors.ts";
import { kindTags } from "./extended_fields.ts";
import {
  dateRow,
  extendedRow,
  kindIdAttrs,
  type KindProperty,
  kindReader,
  leadingRows,
  storedFacts,
  textRow,
} from "./item_kind.ts";
import { kindOperations } from "./item_kind_ops.ts";
import type { PropertyValue } from "./item_properties.ts";

export const contactIdAttrs = (mailbox: Mailbox, item: ContactItem) => kindIdAttrs(mailbox, item);

/** The MAPI tags a contact answers besides its custom extended properties. */
const CONTACT_TAGS = kindTags<ContactItem>({
  itemClass: "IPM.Contact",
  subject: { get: (c) => c.displayName, set: (c, v) => c.displayName = v },
  ...storedFacts((c) => c.displayName),
});

const POSTAL_PARTS = ["Street", "City", "State", "CountryOrRegion", "PostalCode"] as const;
const partKey = (part: string) => (part[0].toLowerCase() + part.slice(1)) as keyof PostalAddress;

const PROPERTIES: KindProperty<ContactItem>[] = [
  ...leadingRows<ContactItem>("IPM.Contact", (c) => c.displayName),
  dateRow("item:DateTimeCreated", (c) => c.created),
  extendedRow(CONTACT_TAGS, (c) => c),
  dateRow("item:LastModifiedTime", (c) => c.lastModified),
  textRow("contacts:FileAs", fileAs),
  textRow("contacts:DisplayName", (c) => c.displayName),
  textRow("contacts:GivenName", (c) => c.givenName),
  textRow("contacts:MiddleName", (c) => c.middleName),
  textRow("contacts:Nickname", (c) => c.nickname),
  textRow("contacts:CompanyName", (c) => c.companyName),
  {
    uri: "contacts:EmailAddresses",
    inDefault: true,
    render: (c) =>
      c.emails.size > 0 &&
      x(
        "t:EmailAddresses",
        null,
        ...[...c.emails].sort().map(([key, address]) => x("t:Entry", { Key: key }, address)),
      ),
  },
  {
    uri: "contacts:PhysicalAddresses",
    inDefault: true,
    render: (c) =>
      c.addresses.size > 0 &&
      x(
        "t:PhysicalAddresses",
        null,
        ...[...c.addresses].sort().map(([key, a]) =>
          x(
            "t:Entry",
            { Key: key },
            ...POSTAL_PARTS.map((p) => {
              const v = a[partKey(p)];
              return v !== undefined && x(`t:${p}`, null, v);
            }),
          )
        ),
      ),
  },
  {
    uri: "contacts:PhoneNumbers",
    inDefault: true,
    render: (c) =>
      c.phones.size > 0 &&
      x(
        "t:PhoneNumbers",
        null,
        ...[...c.phones].sort().map(([key, number]) => x("t:Entry", { Key: key }, number)),
      ),
  },
  dateRow("contacts:Birthday", (c) => c.birthday),
  textRow("contacts:ContactSource", () => "Store"),
  textRow("contacts:Department", (c) => c.department),
  textRow("contacts:JobTitle", (c) => c.jobTitle),
  textRow("contacts:Surname", (c) => c.surname),
];

/** An indexed entry (contacts:EmailAddress[EmailAddress1]) comes back in its dictionary. */
const INDEXED: Record<string, string> = {
  "contacts:EmailAddress": "contacts:EmailAddresses",
  "contacts:PhoneNumber": "contacts:PhoneNumbers",
  "contacts:PhysicalAddress": "contacts:PhysicalAddresses",
};

/** A contact property by FieldURI (indexed ones as `uri[index]`) or extended path. */
export const readContactProperty = kindReader<ContactItem>(
  PROPERTIES,
  CONTACT_TAGS,
  (c, uri): PropertyValue => {
    const indexed = /^contacts:(EmailAddress|PhoneNumber)\[(\w+)\]$/.exec(uri);
    if (!indexed) return undefined;
    return indexed[1] === "EmailAddress" ? c.emails.get(indexed[2]) : c.phones.get(indexed[2]);
  },
);

// ---- reading and changing -------------------------------------------------------------------

function entries(element: XmlElement | undefined, path: string): Map<string, string> {
  return new Map(
    findAll(element, `${path}/t:Entry`).map((e) => [e.attrs.Key ?? "", e.text.trim()]),
  );
}

function postal(element: XmlElement | undefined): Map<string, PostalAddress> {
  return new Map(
    findAll(element, "t:PhysicalAddresses/t:Entry").map((e) => [
      e.attrs.Key ?? "Business",
      Object.fromEntries(
        POSTAL_PARTS.flatMap((p) => {
          const v = find(e, `t:${p}`)?.text;
          return v === undefined ? [] : [[partKey(p), v]];
        }),
      ) as PostalAddress,
    ]),
  );
}

function date(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value.trim());
  if (Number.isNaN(d.getTime())) throw new EwsError("ErrorInvalidRequest", "Invalid date.");
  return d;
}

export function readContact(element: XmlElement): NewContact {
  const given = find(element, "t:GivenName")?.text;
  const surname = find(element, "t:Surname")?.text;
  const body = find(element, "t:Body");
  return {
    displayName: find(element, "t:DisplayName")?.text ??
      [given, surname].filter(Boolean).join(" "),
    givenName: given,
    middleName: find(element, "t:MiddleName")?.text,
    surname,
    nickname: find(element, "t:Nickname")?.text,
    companyName: find(element, "t:CompanyName")?.text,
    jobTitle: find(element, "t:JobTitle")?.text,
    department: find(element, "t:Department")?.text,
    emails: entries(element, "t:EmailAddresses"),
    phones: entries(element, "t:PhoneNumbers"),
    addresses: postal(element),
    birthday: date(find(element, "t:Birthday")?.text),
    body: body
      ? { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text }
      : undefined,
    categories: findAll(element, "t:Categories/t:String").map((s) => s.text),
  };
}

type Setter = (c: ContactItem, value: XmlElement | undefined, index?: string) => void;

const simple = (key: keyof ContactItem, element: string): Setter => (c, v) => {
  const text = v && find(v, `t:${element}`)?.text;
  (c as unknown as Record<string, unknown>)[key] = text;
};

const SETTERS: Record<string, Setter> = {
  "contacts:DisplayName": (c, v) => c.displayName = (v && find(v, "t:DisplayName")?.text) ?? "",
  "contacts:GivenName": simple("givenName", "GivenName"),
  "contacts:MiddleName": simple("middleName", "MiddleName"),
  "contacts:Surname": simple("surname", "Surname"),
  "contacts:Nickname": simple("nickname", "Nickname"),
  "contacts:CompanyName": simple("companyName", "CompanyName"),
  "contacts:JobTitle": simple("jobTitle", "JobTitle"),
  "contacts:Department": simple("department", "Department"),
  "contacts:Birthday": (c, v) => c.birthday = date(v && find(v, "t:Birthday")?.text),
  "item:Body": (c, v) => {
    const body = v && find(v, "t:Body");
    c.body = body
      ? { type: body.attrs.BodyType === "HTML" ? "HTML" : "Text", content: body.text }
      : { type: "Text", content: "" };
  },
  "item:Categories": (c, v) =>
    c.categories = v ? findAll(v, "t:Categories/t:String").map((s) => s.text) : [],
  "contacts:EmailAddress": (c, v, index) => {
    const entry = v && findAll(v, "t:EmailAddresses/t:Entry").find((e) => e.attrs.Key === index);
    if (entry) c.emails.set(index!, entry.text.trim());
    else c.emails.delete(index!);
  },
  "contacts:PhoneNumber": (c, v, index) => {
    const entry = v && findAll(v, "t:PhoneNumbers/t:Entry").find((e) => e.attrs.Key === index);
    if (entry) c.phones.set(index!, entry.text.trim());
    else c.phones.delete(index!);
  },
};

/** Applies one Set/Append/DeleteItemField change to a contact. */
function applyContactChange(c: ContactItem, change: XmlElement): void {
  const path = change.children[0];
  const uri = path?.attrs.FieldURI ?? "";
  const value = change.name === "DeleteItemField" ? undefined : change.children[1];
  if (value && !["Contact", "Item"].includes(value.name)) {
    throw new EwsError(
      "ErrorInvalidPropertySet",
      `A ${value.name} element cannot set a property of a Contact.`,
    );
  }
  if (change.name === "AppendToItemField") {
    throw new EwsError("ErrorInvalidPropertyAppend", `The property ${uri} cannot be appended to.`);
  }
  const physical = /^contacts:PhysicalAddress:(\w+)$/.exec(uri);
  if (physical && path?.name === "IndexedFieldURI") {
    const key = path.attrs.FieldIndex ?? "Business";
    const address = { ...(c.addresses.get(key) ?? {}) };
    const entry = value &&
      findAll(value, "t:PhysicalAddresses/t:Entry").find((e) => e.attrs.Key === key);
    const text = entry && find(entry, `t:${physical[1]}`)?.text;
    address[partKey(physical[1])] = text;
    if (POSTAL_PARTS.some((p) => address[partKey(p)] !== undefined)) c.addresses.set(key, address);
    else c.addresses.delete(key);
    return;
  }
  const setter = SETTERS[uri];
  if (!setter) {
    throw new EwsError(
      "ErrorInvalidPropertySet",
      `The property ${uri} cannot be changed on a Contact.`,
    );
  }
  setter(c, value, path?.name === "IndexedFieldURI" ? path.attrs.FieldIndex : undefined);
}

// ---- operations ------------------------------------------------------------------------------

/** The item operations on contacts. */
export const CONTACTS = kindOperations<ContactItem, NewContact>({
  element: "Contact",
  keyPrefix: "con",
  table: PROPERTIES,
  tags: CONTACT_TAGS,
  read: readContactProperty,
  indexed: INDEXED,
  store: { items: contactItems, add: addContact, move: moveContact },
  create: {
    defaultFolder: "contacts",
    folderKind: "ContactsFolder",
    refusal: "Contacts can only be saved in contacts folders.",
    read: readContact,
  },
  apply: applyContactChange,
  find: {
    sort: { uri: "contacts:FileAs", descending: false },
    filter(request) {
      const query = find(request, "m:QueryString")?.text.trim().toLowerCase();
      return query
        ? (c) =>
          [c.displayName, c.companyName ?? "", ...c.emails.values()].join(" ").toLowerCase()
            .includes(query)
        : undefined;
    },
  },
});
