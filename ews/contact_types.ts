/** Plain data of contacts and directory operations. */

export interface PostalAddress {
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface Contact {
  id: string;
  changeKey?: string;
  displayName: string;
  givenName?: string;
  middleName?: string;
  surname?: string;
  nickname?: string;
  companyName?: string;
  jobTitle?: string;
  department?: string;
  /** EmailAddress1..3 → address. */
  emails: Record<string, string>;
  /** BusinessPhone, MobilePhone, HomePhone… → number. */
  phones: Record<string, string>;
  /** Business, Home, Other → address. */
  addresses: Record<string, PostalAddress>;
  birthday?: string;
  notes?: string;
  categories: string[];
}

export type ContactFields = Omit<Contact, "id" | "changeKey">;

export interface Resolution {
  name?: string;
  email: string;
  /** Mailbox, PublicDL, Contact, OneOff… */
  type?: string;
  /** The personal contact's item id, for contacts. */
  contactId?: string;
  source?: "directory" | "contacts";
  companyName?: string;
  jobTitle?: string;
  phones?: Record<string, string>;
}

export interface ListMember {
  name?: string;
  email: string;
  type?: string;
}
