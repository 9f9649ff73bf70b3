/** Contact inputs and outputs shared by the contact tools. */
import { z } from "zod";
import type { Contact, ContactFields, PostalAddress } from "../../ews/contact_types.ts";

export const PHONE_KEYS = {
  business: "BusinessPhone",
  mobile: "MobilePhone",
  home: "HomePhone",
  business_fax: "BusinessFax",
  other: "OtherTelephone",
} as const;
export const ADDRESS_KEYS = { business: "Business", home: "Home", other: "Other" } as const;
const EMAIL_KEYS = ["EmailAddress1", "EmailAddress2", "EmailAddress3"];

const text = z.string().max(255);
export const phones = z.partialRecord(
  z.enum(["business", "mobile", "home", "business_fax", "other"]),
  z.string().max(64),
);
const postal = z.object({
  street: text.optional(),
  city: text.optional(),
  state: text.optional(),
  postal_code: z.string().max(32).optional(),
  country: text.optional(),
}).strict();
export const addresses = z.partialRecord(z.enum(["business", "home", "other"]), postal);

/** The editable fields; create requires a name, update makes them nullable to clear. */
export const contactFields = {
  display_name: text.optional(),
  given_name: text.optional(),
  surname: text.optional(),
  company: text.optional(),
  job_title: text.optional(),
  department: text.optional(),
  emails: z.array(z.email()).max(3).optional(),
  phones: phones.optional(),
  addresses: addresses.optional(),
  birthday: z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, "birthday: use YYYY-MM-DD").optional(),
  notes: z.string().max(100_000).optional(),
  categories: z.array(z.string().max(255)).max(50).optional(),
};

type Fields = { [K in keyof typeof contactFields]?: z.infer<(typeof contactFields)[K]> };

const toPostal = (a: z.infer<typeof postal>): PostalAddress => ({
  ...(a.street ? { street: a.street } : {}),
  ...(a.city ? { city: a.city } : {}),
  ...(a.state ? { state: a.state } : {}),
  ...(a.postal_code ? { postalCode: a.postal_code } : {}),
  ...(a.country ? { country: a.country } : {}),
});

/** Tool fields → a new contact for CreateItem. */
export function newContact(f: Fields): Partial<ContactFields> {
  const given = f.given_name ?? undefined;
  const surname = f.surname ?? undefined;
  return {
    displayName: f.display_name ?? [given, surname].filter(Boolean).join(" "),
    givenName: given,
    surname,
    companyName: f.company ?? undefined,
    jobTitle: f.job_title ?? undefined,
    department: f.department ?? undefined,
    emails: Object.fromEntries((f.emails ?? []).map((e, i) => [EMAIL_KEYS[i], e])),
    phones: Object.fromEntries(
      Object.entries(f.phones ?? {}).flatMap(([k, v]) =>
        v ? [[PHONE_KEYS[k as keyof typeof PHONE_KEYS], v]] : []
      ),
    ),
    addresses: Object.fromEntries(
      Object.entries(f.addresses ?? {}).flatMap(([k, v]) =>
        v ? [[ADDRESS_KEYS[k as keyof typeof ADDRESS_KEYS], toPostal(v)]] : []
      ),
    ),
    birthday: f.birthday || undefined,
    notes: f.notes ?? undefined,
    categories: f.categories ?? [],
  };
}

/** Tool fields → UpdateItem changes: "" (or an empty list, or an empty address) clears. */
export function contactChanges(f: Fields) {
  const simple: Record<string, string | null> = {};
  const map: Record<string, string> = {
    display_name: "displayName",
    given_name: "givenName",
    surname: "surname",
    company: "companyName",
    job_title: "jobTitle",
    department: "department",
  };
  for (const [key, field] of Object.entries(map)) {
    const value = f[key as keyof Fields] as string | undefined;
    if (value !== undefined) simple[field] = value === "" ? null : value;
  }
  const emptyAddress = (a: z.infer<typeof postal>) => Object.values(a).every((v) => !v);
  return {
    simple,
    emails: f.emails &&
      Object.fromEntries(EMAIL_KEYS.map((key, i) => [key, f.emails?.[i] ?? null])),
    phones: f.phones && Object.fromEntries(
      Object.entries(f.phones).map((
        [k, v],
      ) => [PHONE_KEYS[k as keyof typeof PHONE_KEYS], v || null]),
    ),
    addresses: f.addresses && Object.fromEntries(
      Object.entries(f.addresses).map(([k, v]) => [
        ADDRESS_KEYS[k as keyof typeof ADDRESS_KEYS],
        v && !emptyAddress(v) ? toPostal(v) : null,
      ]),
    ),
    birthday: f.birthday === "" ? null : f.birthday,
    notes: f.notes === "" ? null : f.notes,
    categories: f.categories,
  };
}

const address = z.object({
  street: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postal_code: z.string().optional(),
  country: z.string().optional(),
});

export const contactOutput = z.object({
  id: z.string(),
  display_name: z.string(),
  given_name: z.string().optional(),
  middle_name: z.string().optional(),
  surname: z.string().optional(),
  nickname: z.string().optional(),
  company: z.string().optional(),
  job_title: z.string().optional(),
  department: z.string().optional(),
  emails: z.array(z.string()).optional(),
  phones: z.record(z.string(), z.string()).optional(),
  addresses: z.record(z.string(), address).optional(),
  birthday: z.string().optional(),
  notes: z.string().optional(),
  categories: z.array(z.string()).optional(),
});

const PHONE_NAMES = Object.fromEntries(Object.entries(PHONE_KEYS).map(([k, v]) => [v, k]));
const ADDRESS_NAMES = Object.fromEntries(Object.entries(ADDRESS_KEYS).map(([k, v]) => [v, k]));

export function contactResult(c: Contact, full: boolean): z.infer<typeof contactOutput> {
  const emails = EMAIL_KEYS.map((k) => c.emails[k]).filter(Boolean);
  const phoneEntries = Object.entries(c.phones).map(([k, v]) => [PHONE_NAMES[k] ?? k, v]);
  const opt = <T>(key: string, value: T | undefined) =>
    value === undefined || value === "" ? {} : { [key]: value };
  return {
    id: c.id,
    display_name: c.displayName,
    ...opt("given_name", c.givenName),
    ...opt("surname", c.surname),
    ...opt("company", c.companyName),
    ...opt("job_title", c.jobTitle),
    ...(emails.length ? { emails } : {}),
    ...(phoneEntries.length ? { phones: Object.fromEntries(phoneEntries) } : {}),
    ...(full
      ? {
        ...opt("middle_name", c.middleName),
        ...opt("nickname", c.nickname),
        ...opt("department", c.department),
        ...(Object.keys(c.addresses).length
          ? {
            addresses: Object.fromEntries(
              Object.entries(c.addresses).map(([k, a]) => [ADDRESS_NAMES[k] ?? k, {
                ...opt("street", a.street),
                ...opt("city", a.city),
                ...opt("state", a.state),
                ...opt("postal_code", a.postalCode),
                ...opt("country", a.country),
              }]),
            ),
          }
          : {}),
        ...opt("birthday", c.birthday),
        ...opt("notes", c.notes),
        ...(c.categories.length ? { categories: c.categories } : {}),
      }
      : {}),
  };
}
