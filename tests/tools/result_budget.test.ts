/**
 * Result budgets on the demo data (issue 12): what the model reads of a result (the text
 * content) is compact JSON without empty fields, listings give previews not bodies and say the
 * folder once, bodies are capped with an explicit flag and length; `structuredContent` stays
 * complete (every field it carries is in the output schema). KB here is 1,000 bytes.
 */
import assert from "node:assert/strict";
import { PREVIEW_CHARS } from "../../tools/shapes.ts";
import { type Harness, startHarness } from "../support/harness.ts";

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Compact: one line, no null, empty string, empty list or empty object anywhere. */
function assertCompact(text: string, what: string) {
  assert.ok(!text.includes("\n"), `${what}: no pretty-printing`);
  assert.ok(!/:null\b|:""|:\[\]|:\{\}/.test(text), `${what}: no empty fields in ${text}`);
}

/** Every field of a structured result is declared in the tool's output schema. */
async function assertCovered(h: Harness, tool: string, value: unknown) {
  const { tools } = await h.client.listTools();
  const schema = tools.find((t) => t.name === tool)!.outputSchema;
  const walk = (node: unknown, s: Record<string, unknown>, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, s.items as Record<string, unknown>, `${path}[${i}]`));
    } else if (node !== null && typeof node === "object") {
      const properties = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, item] of Object.entries(node)) {
        assert.ok(properties[key], `${tool}: ${path}.${key} is not in the output schema`);
        walk(item, properties[key], `${path}.${key}`);
      }
    }
  };
  walk(value, schema as Record<string, unknown>, tool);
}

Deno.test("a 10-message listing is at most 3 KB of text, with previews, folder said once", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const page = await h.call("read_emails", { max_results: 10 });
    assert.equal(page.isError, false, page.text);
    assert.equal(page.data.emails.length, 10);
    assert.ok(bytes(page.text) <= 3_000, `${bytes(page.text)} bytes:\n${page.text}`);
    assertCompact(page.text, "read_emails");
    assert.equal(page.text.match(/inbox/g)?.length, 1, "the folder is said once");
    assert.equal(page.text.match(/"mailbox"/g)?.length, 1, "the mailbox is said once");
    for (const email of page.data.emails) {
      assert.equal(email.body, undefined, "no bodies unless asked");
      assert.ok(email.preview && email.preview.length <= PREVIEW_CHARS, email.preview);
    }
    await assertCovered(h, "read_emails", page.data);
  } finally {
    await h.close();
  }
});

Deno.test("listing bodies are text, cut at max_body_chars with truncated and body_length", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const page = await h.call("read_emails", {
      max_results: 20,
      include_body: true,
      max_body_chars: 100,
    });
    assert.equal(page.isError, false, page.text);
    const cut = page.data.emails.filter((e: { truncated: boolean }) => e.truncated);
    assert.ok(cut.length > 0, "some demo bodies are longer than 100 characters");
    for (const email of page.data.emails) {
      assert.equal(email.body_format, "text");
      assert.ok(email.body.length <= 100);
      assert.equal(email.truncated, email.body_length > 100);
    }
    assert.match(page.text, /truncated/);
    assert.match(page.text, /"body_length"/);
    await assertCovered(h, "read_emails", page.data);
  } finally {
    await h.close();
  }
});

Deno.test("one message in full is at most its body plus 1 KB of text", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const page = await h.call("read_emails", { max_results: 10 });
    for (const { id } of page.data.emails) {
      const full = await h.call("get_email_details", { email_id: id });
      assert.equal(full.isError, false, full.text);
      assert.equal(full.data.body_format, "text", "text by default");
      const overhead = bytes(full.text) - bytes(JSON.stringify(full.data.body));
      assert.ok(overhead <= 1_000, `${overhead} bytes besides the body:\n${full.text}`);
      assertCompact(full.text, "get_email_details");
      await assertCovered(h, "get_email_details", full.data);
    }
  } finally {
    await h.close();
  }
});

Deno.test("get_email_details cuts the body at max_body_chars and says so", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const page = await h.call("read_emails", { max_results: 20, include_body: true });
    const long = page.data.emails.find((e: { body_length: number }) => e.body_length > 100);
    const full = await h.call("get_email_details", { email_id: long.id, max_body_chars: 100 });
    assert.equal(full.data.truncated, true);
    assert.equal(full.data.body.length, 100);
    assert.equal(full.data.body_length, long.body_length);
    assert.match(full.text, new RegExp(`"truncated":true.*"body_length":${long.body_length}`));
    const whole = await h.call("get_email_details", { email_id: long.id });
    assert.equal(whole.data.truncated, false);
    assert.ok(!whole.text.includes("truncated"), "an uncut body needs no flag in the text");
  } finally {
    await h.close();
  }
});

Deno.test("every current tool's text is compact and its structured result fully declared", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const calls: [string, Record<string, unknown>][] = [
      ["list_folders", {}],
      ["get_oof_settings", { target_mailbox: "sales@contoso.test" }],
      ["set_oof_settings", { state: "disabled" }],
      ["send_email", { to: ["pat@contoso.test"], subject: "Hi", body: "Hello" }],
    ];
    for (const [tool, args] of calls) {
      const result = await h.call(tool, args);
      assert.equal(result.isError, false, `${tool}: ${result.text}`);
      assertCompact(result.text, tool);
      await assertCovered(h, tool, result.data);
    }
  } finally {
    await h.close();
  }
});
