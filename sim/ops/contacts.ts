/**
 * Contacts through the item operations: `t:Contact` rendered in the schema's element order,
 * read from CreateItem, changed field by field in UpdateItem (indexed fields such as
 * `contacts:EmailAddress[EmailAddress1]` included), found with FindItem in contacts folders.
 */
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import {
  addContact,
  type ContactItem,
  contactItems,
  fileAs,
  moveContact,
  type NewContact,
  type PostalAddress,
} from "../store/contacts.ts";
import { decodeId, encodeChangeKey, encodeId } from "../store/ids.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { convertBody } from "./body.ts";
import type { OperationContext } from "./context.ts";
import { type ItemRight, requireItemAccess } from "./item_access.ts";
import { EwsError } from "./errors.ts";
import type { BodyTypeRequest, PropertyValue } from "./item_properties.ts";
import { applyView } from "./paging.ts";
import { compileRestriction, compileSortOrder } from "./restriction.ts";
import { ewsDate } from "./response.ts";
import { folderIdAttrs, type FolderTarget, resolveFolder } from "./targets.ts";

export function contactIdAttrs(mailbox: Mailbox, item: ContactItem) {
  return {
    Id: encodeId("item", mailbox.address, item.key),
    ChangeKey: encodeChangeKey(item.key, item.version),
  };
}

interface Env {
  mailbox: Mailbox;
  bodyType: BodyTypeRequest;
}

interface ContactProperty {
  uri: string;
  inDefault: boolean;
  getItemOnly?: boolean;
  render: (c: ContactItem, env: Env) => XmlNode | undefined | false;
  value?: (c: ContactItem) => PropertyValue;
}

const text = (name: string, value: string | undefined) =>
  value === undefined ? undefined : x(name, null, value);

const POSTAL_PARTS = ["Street", "City", "State", "CountryOrRegion", "PostalCode"] as const;
const partKey = (part: string) => (part[0].toLowerCase() + part.slice(1)) as keyof PostalAddress;

const PROPERTIES: ContactProperty[] = [
  {
    uri: "item:ItemId",
    inDefault: true,
    render: (c, env) => x("t:ItemId", contactIdAttrs(env.mailbox, c)),
  },
  {
    uri: "item:ParentFolderId",
    inDefault: true,
    render: (c, env) =>
      x("t:ParentFolderId", folderIdAttrs(env.mailbox, env.mailbox.folder(c.folderKey)!)),
  },
  { uri: "item:ItemClass", inDefault: true, render: () => x("t:ItemClass", null, "IPM.Contact") },
  {
    uri: "item:Subject",
    inDefault: true,
    render: (c) => x("t:Subject", null, c.displayName),
    value: (c) => c.displayName,
  },
  {
    uri: "item:Body",
    inDefault: true,
    getItemOnly: true,
    render: (c, env) => {
      const body = convertBody(c.body, env.bodyType);
      return x("t:Body", { BodyType: body.type, IsTruncated: "false" }, body.content);
    },
  },
  {
    uri: "item:DateTimeReceived",
    inDefault: true,
    render: (c) => x("t:DateTimeReceived", null, ewsDate(c.created)),
  },
  {
    uri: "item:Categories",
    inDefault: true,
    render: (c) =>
      c.categories.length > 0 &&
      x("t:Categories", null, ...c.categories.map((s) => x("t:String", null, s))),
  },
  {
    uri: "item:DateTimeCreated",
    inDefault: true,
    render: (c) => x("t:DateTimeCreated", null, ewsDate(c.created)),
  },
  {
    uri: "item:LastModifiedTime",
    inDefault: true,
    render: (c) => x("t:LastModifiedTime", null, ewsDate(c.lastModified)),
  },
  {
    uri: "contacts:FileAs",
    inDefault: true,
    render: (c) => x("t:FileAs", null, fileAs(c)),
    value: fileAs,
  },
  {
    uri: "contacts:DisplayName",
    inDefault: true,
    render: (c) => x("t:DisplayName", null, c.displayName),
    value: (c) => c.displayName,
  },
  {
    uri: "contacts:GivenName",
    inDefault: true,
    render: (c) => text("t:GivenName", c.givenName),
    value: (c) => c.givenName,
  },
  {
    uri: "contacts:MiddleName",
    inDefault: true,
    render: (c) => text("t:MiddleName", c.middleName),
  },
  { uri: "contacts:Nickname", inDefault: true, render: (c) => text("t:Nickname", c.nickname) },
  {
    uri: "contacts:CompanyName",
    inDefault: true,
    render: (c) => text("t:CompanyName", c.companyName),
    value: (c) => c.companyName,
  },
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
          x("t:Entry", { Key: key }, ...POSTAL_PARTS.map((p) => text(`t:${p}`, a[partKey(p)])))
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
  {
    uri: "contacts:Birthday",
    inDefault: true,
    render: (c) => c.birthday && x("t:Birthday", null, ewsDate(c.birthday)),
  },
  {
    uri: "contacts:ContactSource",
    inDefault: true,
    render: () => x("t:ContactSource", null, "Store"),
  },
  {
    uri: "contacts:Department",
    inDefault: true,
    render: (c) => text("t:Department", c.department),
  },
  { uri: "contacts:JobTitle", inDefault: true, render: (c) => text("t:JobTitle", c.jobTitle) },
  {
    uri: "contacts:Surname",
    inDefault: true,
    render: (c) => text("t:Surname", c.surname),
    value: (c) => c.surname,
  },
];

const BY_URI = new Map(PROPERTIES.map((p) => [p.uri, p]));

const INDEXED: Record<string, string> = {
  "contacts:EmailAddress": "contacts:EmailAddresses",
  "contacts:PhoneNumber": "contacts:PhoneNumbers",
  "contacts:PhysicalAddress": "contacts:PhysicalAddresses",
};

/** A contact property by FieldURI, indexed ones as `uri[index]`. */
export function readContactProperty(c: ContactItem, uri: string): PropertyValue {
  const indexed = /^contacts:(EmailAddress|PhoneNumber)\[(\w+)\]$/.exec(uri);
  if (indexed) {
    return indexed[1] === "EmailAddress" ? c.emails.get(indexed[2]) : c.phones.get(indexed[2]);
  }
  return BY_URI.get(uri)?.value?.(c);
}

export interface ContactShape {
  bodyType: BodyTypeRequest;
  properties: ContactProperty[];
}

export function parseContactShape(element: XmlElement | undefined, forFind: boolean): ContactShape {
  const base = find(element, "t:BaseShape")?.text.trim() ?? "IdOnly";
  const bodyType = (find(element, "t:BodyType")?.text.trim() ?? "Best") as BodyTypeRequest;
  const wanted = new Set(["item:ItemId"]);
  for (const p of PROPERTIES) {
    if (base === "IdOnly" || (forFind && p.getItemOnly)) continue;
    if (base === "AllProperties" || p.inDefault) wanted.add(p.uri);
  }
  for (const child of find(element, "t:AdditionalProperties")?.children ?? []) {
    let uri = child.attrs.FieldURI ?? "";
    // An indexed entry (contacts:EmailAddress[EmailAddress1]) comes back in its dictionary.
    if (child.name === "IndexedFieldURI") {
      uri = INDEXED[uri.split(":").slice(0, 2).join(":")] ?? uri;
    }
    const p = BY_URI.get(uri);
    if (p?.getItemOnly && forFind) {
      throw new EwsError("ErrorInvalidPropertyRequest", undefined, [
        x("t:FieldURI", { FieldURI: uri }),
      ]);
    }
    if (p) wanted.add(uri);
  }
  return { bodyType, properties: PROPERTIES.filter((p) => wanted.has(p.uri)) };
}

export function renderContact(c: ContactItem, shape: ContactShape, mailbox: Mailbox): XmlNode {
  const env = { mailbox, bodyType: shape.bodyType };
  return x("t:Contact", null, ...shape.properties.map((p) => p.render(c, env)));
}

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

export function isContactId(element: XmlElement): boolean {
  return element.name === "ItemId" &&
    (decodeId(element.attrs.Id ?? "", "item")?.key.startsWith("con") ?? false);
}

export function resolveContact(
  element: XmlElement,
  context: OperationContext,
  right: ItemRight = "read",
) {
  const decoded = decodeId(element.attrs.Id ?? "", "item");
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorItemNotFound");
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  const item = contactItems(mailbox).get(decoded.key);
  if (!item) throw new EwsError("ErrorItemNotFound");
  requireItemAccess(context, mailbox, item.folderKey, right);
  return { mailbox, item };
}

export function getContact(
  idElement: XmlElement,
  shape: XmlElement | undefined,
  context: OperationContext,
) {
  const { mailbox, item } = resolveContact(idElement, context);
  return [x("m:Items", null, renderContact(item, parseContactShape(shape, false), mailbox))];
}

export function findContacts(
  request: XmlElement,
  target: FolderTarget,
  view: XmlElement | undefined,
) {
  const shape = parseContactShape(find(request, "m:ItemShape"), true);
  const restriction = compileRestriction<ContactItem>(
    find(request, "m:Restriction"),
    readContactProperty,
  );
  let items = [...contactItems(target.mailbox).values()].filter((c) =>
    c.folderKey === target.folder.key && restriction(c)
  );
  const query = find(request, "m:QueryString")?.text.trim().toLowerCase();
  if (query) {
    items = items.filter((c) =>
      [c.displayName, c.companyName ?? "", ...c.emails.values()].join(" ").toLowerCase().includes(
        query,
      )
    );
  }
  items.sort(compileSortOrder<ContactItem>(find(request, "m:SortOrder"), readContactProperty, {
    uri: "contacts:FileAs",
    descending: false,
  }));
  const page = applyView(items, view);
  return [
    x(
      "m:RootFolder",
      page.rootFolderAttrs,
      x("t:Items", null, ...page.entries.map((c) => renderContact(c, shape, target.mailbox))),
    ),
  ];
}

export function createContact(
  element: XmlElement,
  savedFolder: XmlElement | undefined,
  context: OperationContext,
) {
  const target: FolderTarget = savedFolder
    ? resolveFolder(savedFolder, context)
    : { mailbox: context.actingAs, folder: context.actingAs.folder("contacts")! };
  if (target.folder.kind !== "ContactsFolder") {
    throw new EwsError("ErrorInvalidRequest", "Contacts can only be saved in contacts folders.");
  }
  requireItemAccess(context, target.mailbox, target.folder.key, "create");
  const item = addContact(
    target.mailbox,
    target.folder.key,
    readContact(element),
    context.organisation.now(),
  );
  return [
    x("m:Items", null, x("t:Contact", null, x("t:ItemId", contactIdAttrs(target.mailbox, item)))),
  ];
}

export function updateContact(change: XmlElement, request: XmlElement, context: OperationContext) {
  const idElement = change.children[0];
  const { mailbox, item } = resolveContact(idElement, context, "edit");
  const changeKey = idElement.attrs.ChangeKey;
  if (
    changeKey !== undefined && request.attrs.ConflictResolution !== "AlwaysOverwrite" &&
    changeKey !== contactIdAttrs(mailbox, item).ChangeKey
  ) {
    throw new EwsError(
      "ErrorIrresolvableConflict",
      "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
    );
  }
  const draft = structuredClone(item);
  for (const update of find(change, "t:Updates")?.children ?? []) applyContactChange(draft, update);
  Object.assign(item, draft);
  item.version++;
  item.lastModified = context.organisation.now();
  return [
    x("m:Items", null, x("t:Contact", null, x("t:ItemId", contactIdAttrs(mailbox, item)))),
    x("m:ConflictResults", null, x("t:Count", null, "0")),
  ];
}

/** MoveToDeletedItems files the contact in Deleted Items; the other disposals remove it. */
export function deleteContact(
  idElement: XmlElement,
  deleteType: string | undefined,
  context: OperationContext,
): void {
  const { mailbox, item } = resolveContact(idElement, context, "delete");
  if (deleteType === "MoveToDeletedItems" && item.folderKey !== "deleteditems") {
    moveContact(mailbox, item, "deleteditems");
  } else {
    contactItems(mailbox).delete(item.key);
  }
}
