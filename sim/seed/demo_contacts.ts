/** The demo organisation's personal contacts (and, in tasks.ts's store, tasks). */
import { addContact } from "../store/contacts.ts";
import type { Organisation } from "../store/organisation.ts";

export function seedDemoContacts(org: Organisation): void {
  const alex = org.requireMailbox("alex@contoso.test");
  const pat = org.requireMailbox("pat@contoso.test");
  const now = org.now();
  addContact(alex, "contacts", {
    displayName: "Jordan Rivera",
    givenName: "Jordan",
    surname: "Rivera",
    companyName: "Fabrikam",
    jobTitle: "Purchasing manager",
    emails: new Map([["EmailAddress1", "jordan.rivera@fabrikam.example"]]),
    phones: new Map([["BusinessPhone", "+1 425 555 0100"], ["MobilePhone", "+1 425 555 0101"]]),
    addresses: new Map([["Business", {
      street: "1 Fabrikam Way",
      city: "Redmond",
      state: "WA",
      postalCode: "98052",
      countryOrRegion: "United States",
    }]]),
    body: { type: "Text", content: "Prefers calls in the morning (Pacific time)." },
  }, now);
  addContact(alex, "contacts", {
    displayName: "Jordan Blake",
    givenName: "Jordan",
    surname: "Blake",
    companyName: "Northwind Traders",
    emails: new Map([["EmailAddress1", "jordan.blake@northwind.example"]]),
  }, now);
  addContact(alex, "contacts", {
    displayName: "Sam Okafor",
    givenName: "Sam",
    surname: "Okafor",
    companyName: "Tailspin Toys",
    jobTitle: "Account executive",
    emails: new Map([["EmailAddress1", "sam.okafor@tailspin.example"]]),
    birthday: new Date("1985-04-12T00:00:00Z"),
  }, now);
  addContact(pat, "contacts", {
    displayName: "Chris Doe",
    givenName: "Chris",
    surname: "Doe",
    companyName: "Litware",
    emails: new Map([["EmailAddress1", "chris.doe@litware.example"]]),
  }, now);
}
