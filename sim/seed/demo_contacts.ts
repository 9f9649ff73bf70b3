/** The demo organisation's personal contacts and tasks. */
import { addContact } from "../store/contacts.ts";
import type { Organisation } from "../store/organisation.ts";
import { addTask } from "../store/tasks.ts";

const DAY = 86_400_000;

export function seedDemoContacts(org: Organisation, base: Date): void {
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

  const day = (n: number) => {
    const d = new Date(base.getTime() + n * DAY);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  };
  addTask(alex, "tasks", {
    subject: "Renew TLS certificates",
    body: { type: "Text", content: "mail.contoso.test and autodiscover expire this month." },
    dueDate: day(3),
    startDate: day(-2),
    status: "InProgress",
    percentComplete: 50,
    importance: "High",
  }, now);
  addTask(alex, "tasks", {
    subject: "Review firewall rules",
    dueDate: day(8),
    categories: ["Security"],
  }, now);
  addTask(alex, "tasks", {
    subject: "Submit expense report",
    dueDate: day(-3),
    status: "Completed",
    percentComplete: 100,
    completeDate: day(-4),
  }, now);
  addTask(pat, "tasks", {
    subject: "Prepare steering committee deck",
    dueDate: day(2),
    status: "NotStarted",
  }, now);
}
