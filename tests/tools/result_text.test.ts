/** The text content of results: compact JSON of a tool's view. */
import assert from "node:assert/strict";
import { resultText } from "../../tools/result_text.ts";
import { asTable } from "../../tools/view.ts";

Deno.test("result text is one line of JSON without empty fields; false and 0 stay", () => {
  const text = resultText({
    a: null,
    b: undefined,
    c: "",
    d: [],
    e: {},
    f: { g: null },
    keep: { zero: 0, no: false, text: "x" },
  });
  assert.equal(text, '{"keep":{"zero":0,"no":false,"text":"x"}}');
  assert.equal(resultText({}), "{}");
});

Deno.test("addresses read Name <email>; an address without a name is the address", () => {
  assert.equal(
    resultText({
      from: { name: "Pat Kim", email: "pat@contoso.test" },
      to: [{ email: "alex@contoso.test" }, {
        name: "alex@contoso.test",
        email: "alex@contoso.test",
      }],
      other: { name: "Projects", email: "p@contoso.test", id: "1" },
    }),
    '{"from":"Pat Kim <pat@contoso.test>","to":["alex@contoso.test","alex@contoso.test"],' +
      '"other":{"name":"Projects","email":"p@contoso.test","id":"1"}}',
  );
});

Deno.test("tables name their columns once; empty cells keep their place", () => {
  const table = asTable([
    { id: "1", flags: "", preview: "a", unused: undefined },
    { id: "2", flags: "unread", preview: "b", unused: null },
  ]);
  assert.deepEqual(table, {
    columns: ["id", "flags", "preview"],
    rows: [["1", "", "a"], ["2", "unread", "b"]],
  });
  assert.equal(
    resultText({ emails: table }),
    '{"emails":{"columns":["id","flags","preview"],"rows":[["1","","a"],["2","unread","b"]]}}',
  );
});
