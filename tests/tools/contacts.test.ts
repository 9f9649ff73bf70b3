/**
 * Contacts and directory tools against the simulator (requests validated against the schema):
 * contact CRUD, search, name resolution with ambiguous results, distribution lists, access
 * modes and request counts.
 */
import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";
import {
  assertExchangesValid,
  assertRefusedBeforeSending,
  counted,
  startDelegateHarness,
} from "../support/requests.ts";
import { shareFolder } from "../support/folder_grants.ts";

Deno.test("contacts: create, find, read, change and delete, one request each", async () => {
  const h = await startHarness({ validateSchema: true, record: true });
  try {
    const created = await counted(h, () =>
      h.call("create_contact", {
        given_name: "Avery",
        surname: "Lindqvist",
        company: "Woodgrove Bank",
        job_title: "CFO",
        emails: ["avery@woodgrove.example", "a.lindqvist@home.example"],
        phones: { mobile: "+46 70 555 0101", business: "+46 8 555 0100" },
        addresses: { business: { street: "Kungsgatan 1", city: "Stockholm", country: "Sweden" } },
        birthday: "1980-02-29",
        notes: "Met at the fintech summit.",
        categories: ["Finance"],
      }));
    assert.equal(created.result.isError, false, created.result.text);
    assert.equal(created.result.data.display_name, "Avery Lindqvist");
    assert.deepEqual(created.ops, { CreateItem: 1 });

    const found = await counted(h, () => h.call("search_contacts", { query: "woodgrove" }));
    assert.deepEqual(found.ops, { FindItem: 1 });
    assert.deepEqual(found.result.data.contacts.map((c: { id: string }) => c.id), [
      created.result.data.id,
    ]);
    const byEmail = await h.call("search_contacts", { query: "A.LINDQVIST@home" });
    assert.equal(byEmail.data.contacts.length, 1);

    const full = await counted(
      h,
      () => h.call("get_contact", { contact_id: created.result.data.id }),
    );
    assert.deepEqual(full.ops, { GetItem: 1 });
    assert.deepEqual(full.result.data.contact, {
      id: created.result.data.id,
      display_name: "Avery Lindqvist",
      given_name: "Avery",
      surname: "Lindqvist",
      company: "Woodgrove Bank",
      job_title: "CFO",
      emails: ["avery@woodgrove.example", "a.lindqvist@home.example"],
      phones: { business: "+46 8 555 0100", mobile: "+46 70 555 0101" },
      addresses: { business: { street: "Kungsgatan 1", city: "Stockholm", country: "Sweden" } },
      birthday: "1980-02-29",
      notes: "Met at the fintech summit.",
      categories: ["Finance"],
    });

    const changed = await counted(h, () =>
      h.call("update_contact", {
        contact_id: created.result.data.id,
        job_title: "CEO",
        company: "",
        emails: ["avery@woodgrove.example"],
        phones: { mobile: "", home: "+46 8 555 0199" },
      }));
    assert.equal(changed.result.isError, false, changed.result.text);
    assert.deepEqual(changed.ops, { UpdateItem: 1 });
    const after = (await h.call("get_contact", { contact_id: created.result.data.id })).data
      .contact;
    assert.equal(after.job_title, "CEO");
    assert.equal(after.company, undefined);
    assert.deepEqual(after.emails, ["avery@woodgrove.example"]);
    assert.deepEqual(after.phones, { business: "+46 8 555 0100", home: "+46 8 555 0199" });

    const deleted = await counted(
      h,
      () => h.call("delete_contact", { contact_id: created.result.data.id }),
    );
    assert.deepEqual(deleted.ops, { DeleteItem: 1 });
    assert.equal((await h.call("search_contacts", { query: "woodgrove" })).data.contacts.length, 0);
    assert.equal(
      (await h.call("get_contact", { contact_id: created.result.data.id })).isError,
      true,
    );

    await assertExchangesValid(h);
  } finally {
    await h.close();
  }
});

Deno.test("search_contacts pages in name order", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const first = await h.call("search_contacts", { max_results: 2 });
    assert.equal(first.data.total, 3);
    // Filed as "Surname, Given": Blake, Okafor, Rivera.
    assert.deepEqual(first.data.contacts.map((c: { display_name: string }) => c.display_name), [
      "Jordan Blake",
      "Sam Okafor",
    ]);
    assert.equal(first.data.next_offset, 2);
    const second = await h.call("search_contacts", { max_results: 2, offset: 2 });
    assert.deepEqual(second.data.contacts.map((c: { display_name: string }) => c.display_name), [
      "Jordan Rivera",
    ]);
    assert.equal(second.data.next_offset, undefined);
  } finally {
    await h.close();
  }
});

Deno.test("resolve_names: one request; an ambiguous name returns every candidate with contact data", async () => {
  const h = await startHarness({ validateSchema: true, record: true });
  try {
    const jordan = await counted(h, () => h.call("resolve_names", { name: "jordan" }));
    assert.deepEqual(jordan.ops, { ResolveNames: 1 });
    assert.deepEqual(
      jordan.result.data.candidates.map((c: { email: string; source: string }) => [
        c.email,
        c.source,
      ]),
      [["jordan.blake@northwind.example", "contacts"], [
        "jordan.rivera@fabrikam.example",
        "contacts",
      ]],
    );
    const rivera = jordan.result.data.candidates[1];
    assert.equal(rivera.company, "Fabrikam");
    assert.equal(rivera.phones.MobilePhone, "+1 425 555 0101");
    assert.ok(rivera.contact_id);

    const pat = await h.call("resolve_names", { name: "pat" });
    assert.deepEqual(pat.data.candidates, [{
      name: "Pat Kim",
      email: "pat@contoso.test",
      type: "Mailbox",
      source: "directory",
    }]);
    const team = await h.call("resolve_names", { name: "project", scope: "directory" });
    assert.deepEqual(team.data.candidates.map((c: { type: string }) => c.type), ["PublicDL"]);
    const nobody = await h.call("resolve_names", { name: "zebra" });
    assert.deepEqual(nobody.data.candidates, []);
    await assertExchangesValid(h);
  } finally {
    await h.close();
  }
});

Deno.test("expand_distribution_list: members, nested lists marked; unknown lists fail", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const team = await counted(
      h,
      () => h.call("expand_distribution_list", { email: "project-team@contoso.test" }),
    );
    assert.deepEqual(team.ops, { ExpandDL: 1 });
    assert.deepEqual(team.result.data.members, [
      { name: "Alex Wilber", email: "alex@contoso.test" },
      { name: "Pat Kim", email: "pat@contoso.test" },
      { name: "Leadership", email: "leadership@contoso.test", is_list: true },
    ]);
    const nested = await h.call("expand_distribution_list", { email: "leadership@contoso.test" });
    assert.deepEqual(nested.data.members.map((m: { email: string }) => m.email), [
      "ceo@contoso.test",
      "advisor@fabrikam.example",
    ]);
    const unknown = await h.call("expand_distribution_list", { email: "nolist@contoso.test" });
    assert.equal(unknown.isError, true);
  } finally {
    await h.close();
  }
});

Deno.test("contact tools refuse bad input before any request", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    await assertRefusedBeforeSending(h, [
      ["create_contact", { company: "No name Inc" }, /needs a name/],
      ["create_contact", { given_name: "A", emails: ["x", "y"] }, /email/i],
      ["create_contact", { given_name: "A", emails: ["a@x.y", "b@x.y", "c@x.y", "d@x.y"] }, /3/],
      ["create_contact", { given_name: "A", birthday: "29/02/1980" }, /YYYY-MM-DD/],
      ["create_contact", { given_name: "A", phones: { fax: "1" } }, /phones/],
      ["update_contact", { contact_id: "abc" }, /Nothing to change/],
      ["resolve_names", { name: "" }, /name/],
      ["expand_distribution_list", { email: "not an address" }, /email/i],
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("contacts of other mailboxes: impersonation, delegation (where granted), denial", async () => {
  const impersonating = await startHarness({ validateSchema: true });
  try {
    const pat = await impersonating.call("search_contacts", { target_mailbox: "pat@contoso.test" });
    assert.deepEqual(pat.data.contacts.map((c: { display_name: string }) => c.display_name), [
      "Chris Doe",
    ]);
    const resolved = await impersonating.call("resolve_names", {
      target_mailbox: "pat@contoso.test",
      name: "chris",
    });
    assert.equal(resolved.data.candidates[0].email, "chris.doe@litware.example");
    const denied = await impersonating.call("search_contacts", {
      target_mailbox: "ceo@contoso.test",
    });
    assert.equal(denied.isError, true);
  } finally {
    await impersonating.close();
  }
  const delegate = await startDelegateHarness();
  shareFolder(delegate, "pat@contoso.test", "contacts", "alex@contoso.test");
  try {
    // Pat granted alex delegate access in the demo organisation.
    const created = await delegate.call("create_contact", {
      target_mailbox: "pat@contoso.test",
      display_name: "Added by alex",
    });
    assert.equal(created.isError, false, created.text);
    const pat = await delegate.call("search_contacts", { target_mailbox: "pat@contoso.test" });
    assert.ok(pat.data.contacts.some((c: { id: string }) => c.id === created.data.id));
    const resolved = await delegate.call("resolve_names", {
      target_mailbox: "pat@contoso.test",
      name: "chris",
      scope: "contacts",
    });
    assert.equal(resolved.data.candidates.length, 1, "a delegate searches the owner's contacts");
    const denied = await delegate.call("get_contact", {
      target_mailbox: "ceo@contoso.test",
      contact_id: created.data.id,
    });
    assert.equal(denied.isError, true);
  } finally {
    await delegate.close();
  }
});
