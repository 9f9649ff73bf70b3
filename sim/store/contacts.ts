/**
 * Personal contacts of a mailbox, kept beside its messages under keys of their own (`con1`, …)
 * so that item ids route to them.
 */
import type { Mailbox } from "./mailbox.ts";
import type { MessageBody } from "./types.ts";
import type { StoredExtendedProperty } from "./extended_properties.ts";

export interface PostalAddress {
  street?: string;
  city?: string;
  state?: string;
  countryOrRegion?: string;
  postalCode?: string;
}

export interface ContactItem {
  kind: "contact";
  key: string;
  folderKey: string;
  version: number;
  displayName: string;
  givenName?: string;
  middleName?: string;
  surname?: string;
  nickname?: string;
  companyName?: string;
  jobTitle?: string;
  department?: string;
  /** EmailAddress1..3 → address. */
  emails: Map<string, string>;
  /** BusinessPhone, MobilePhone, … → number. */
  phones: Map<string, string>;
  /** Business, Home, Other → address. */
  addresses: Map<string, PostalAddress>;
  birthday?: Date;
  body: MessageBody;
  categories: string[];
  created: Date;
  lastModified: Date;
  /** Custom extended (MAPI) properties clients set. */
  extendedProperties?: Record<string, StoredExtendedProperty>;
}

const stores = new WeakMap<Mailbox, { items: Map<string, ContactItem>; next: number }>();

function storeOf(mailbox: Mailbox) {
  let store = stores.get(mailbox);
  if (!store) stores.set(mailbox, store = { items: new Map(), next: 1 });
  return store;
}

export function contactItems(mailbox: Mailbox): Map<string, ContactItem> {
  return storeOf(mailbox).items;
}

export type NewContact =
  & Partial<Omit<ContactItem, "kind" | "key" | "version" | "folderKey">>
  & Pick<ContactItem, "displayName">;

export function addContact(
  mailbox: Mailbox,
  folderKey: string,
  input: NewContact,
  now: Date = new Date(),
): ContactItem {
  const store = storeOf(mailbox);
  const item: ContactItem = {
    kind: "contact",
    key: `con${store.next++}`,
    folderKey,
    version: 1,
    emails: new Map(),
    phones: new Map(),
    addresses: new Map(),
    body: { type: "Text", content: "" },
    categories: [],
    created: now,
    lastModified: now,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    displayName: input.displayName,
  };
  store.items.set(item.key, item);
  return item;
}

/** The name Outlook files a contact under: "Surname, Given" when both are known. */
export function fileAs(contact: ContactItem): string {
  return contact.surname && contact.givenName
    ? `${contact.surname}, ${contact.givenName}`
    : contact.displayName;
}

/** Moves a contact to another folder; like Exchange, the moved item gets a new id. */
export function moveContact(mailbox: Mailbox, item: ContactItem, folderKey: string): ContactItem {
  const store = storeOf(mailbox);
  store.items.delete(item.key);
  const moved = { ...item, key: `con${store.next++}`, folderKey, version: 1 };
  store.items.set(moved.key, moved);
  return moved;
}
