/**
 * Extended properties of calendar items, contacts and tasks: custom ones set by CreateItem and
 * UpdateItem are stored, returned, searched and deleted as on messages; the common tags (subject,
 * size, modification time) agree with their FieldURI twins; computed ones cannot be set; a
 * property never set is absent. Every request and reply is checked against the schema.
 */
import assert from "node:assert/strict";
import { find, x, type XmlNode } from "../../ews/xml/mod.ts";
import type { RunningSimulator } from "../../sim/mod.ts";
import {
  contains,
  CUSTOM_NAME,
  deleteField,
  extended,
  findItems,
  getItems,
  isEqualTo,
  itemShape,
  itemsOf,
  MODIFIED,
  property,
  setField,
  SIZE,
  SUBJECT,
  uri,
} from "./extended_helpers.ts";
import { call, createItem, folderId, messages, responseCode } from "./helpers.ts";
import { withValidatedSimulator } from "./validated.ts";

interface Kind {
  element: string;
  folder: string;
  attrs: Record<string, string>;
  /** The item's own fields: before them (ItemType's part) go Subject and ExtendedProperty. */
  fields: (name: string) => XmlNode[];
  subject: (name: string) => XmlNode[];
}

const KINDS: Kind[] = [
  {
    element: "CalendarItem",
    folder: "calendar",
    attrs: { SendMeetingInvitations: "SendToNone" },
    subject: (name) => [x("t:Subject", null, name)],
    fields: () => [
      x("t:Start", null, "2030-02-04T09:00:00Z"),
      x("t:End", null, "2030-02-04T10:00:00Z"),
    ],
  },
  {
    element: "Contact",
    folder: "contacts",
    attrs: {},
    subject: () => [],
    fields: (name) => [x("t:DisplayName", null, name)],
  },
  {
    element: "Task",
    folder: "tasks",
    attrs: {},
    subject: (name) => [x("t:Subject", null, name)],
    fields: () => [x("t:Status", null, "NotStarted")],
  },
];

async function create(sim: RunningSimulator, kind: Kind, name: string, extras: XmlNode[]) {
  const element = x(
    `t:${kind.element}`,
    null,
    ...kind.subject(name),
    ...extras,
    ...kind.fields(name),
  );
  const [m] = messages(await call(sim, createItem([element], kind.attrs, folderId(kind.folder))));
  assert.equal(responseCode(m), "NoError", `${kind.element}: ${find(m, "m:MessageText")?.text}`);
  return find(m, `m:Items/t:${kind.element}/t:ItemId`)!.attrs.Id;
}

for (const kind of KINDS) {
  Deno.test(`${kind.element}: custom extended properties are stored, returned, searched and deleted`, () =>
    withValidatedSimulator(async (sim) => {
      const keyed = await create(sim, kind, "Keyed item", [property(CUSTOM_NAME, "kind-1")]);
      const plain = await create(sim, kind, "Plain item", []);
      const read = async (id: string) => {
        const shape = itemShape("IdOnly", [CUSTOM_NAME, SUBJECT, MODIFIED, SIZE], [
          "item:Subject",
          "item:LastModifiedTime",
        ]);
        const [m] = messages(await call(sim, getItems([id], shape)));
        assert.equal(responseCode(m), "NoError");
        return itemsOf(m)[0];
      };
      const found = async (restriction: XmlNode) => {
        const shape = itemShape("IdOnly", []);
        const [m] = messages(
          await call(sim, findItems(folderId(kind.folder), shape, restriction)),
        );
        assert.equal(responseCode(m), "NoError");
        return itemsOf(m).map((i) => find(i, "t:ItemId")!.attrs.Id);
      };

      const item = await read(keyed);
      assert.equal(extended(item, CUSTOM_NAME), "kind-1");
      assert.equal(extended(item, SUBJECT), find(item, "t:Subject")!.text);
      assert.equal(extended(item, SUBJECT), "Keyed item");
      assert.equal(extended(item, MODIFIED), find(item, "t:LastModifiedTime")!.text);
      assert.ok(Number(extended(item, SIZE)) > 0);
      assert.equal(extended(await read(plain), CUSTOM_NAME), undefined, "never set: absent");

      assert.deepEqual(await found(isEqualTo(uri(CUSTOM_NAME), "kind-1")), [keyed]);
      assert.deepEqual(await found(contains(uri(SUBJECT), "keyed")), [keyed]);

      const [changed] = messages(
        await call(sim, setField(keyed, CUSTOM_NAME, ["kind-2"], kind.element)),
      );
      assert.equal(responseCode(changed), "NoError");
      assert.equal(extended(await read(keyed), CUSTOM_NAME), "kind-2");
      assert.deepEqual(await found(isEqualTo(uri(CUSTOM_NAME), "kind-1")), []);

      const [computed] = messages(await call(sim, setField(keyed, SIZE, ["1"], kind.element)));
      assert.equal(responseCode(computed), "ErrorInvalidPropertySet");

      const [deleted] = messages(await call(sim, deleteField(keyed, CUSTOM_NAME, kind.element)));
      assert.equal(responseCode(deleted), "NoError");
      assert.equal(extended(await read(keyed), CUSTOM_NAME), undefined);
    }));
}

Deno.test("CalendarItem: PidTagMessageSize is item:Size, and a computed tag cannot be created", () =>
  withValidatedSimulator(async (sim) => {
    const id = await create(sim, KINDS[0], "Sized", []);
    const [m] = messages(
      await call(sim, getItems([id], itemShape("IdOnly", [SIZE], ["item:Size"]))),
    );
    const item = itemsOf(m)[0];
    assert.equal(extended(item, SIZE), find(item, "t:Size")!.text);
    const sized = x("t:CalendarItem", null, property(SIZE, "5"), ...KINDS[0].fields(""));
    const [refused] = messages(await call(sim, createItem([sized], KINDS[0].attrs)));
    assert.equal(responseCode(refused), "ErrorInvalidPropertySet");
  }));
