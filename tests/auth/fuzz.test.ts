/**
 * Hostile arguments at every tool over MCP: huge strings, control characters and lone
 * surrogates, XML and SOAP fragments, wrong types, odd unicode, malformed addresses. No crash,
 * no hang (every call answers), no internal error, every refusal a short clear message, and
 * every request that reaches the simulator valid against the EWS schema.
 */
import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "x".repeat(100_000),
  "\u0000\u0001\u0007\u001b[31m\u007f",
  "\uD800 lone \uDC00 surrogates \uDBFF",
  "\u200B\u200C\u200D\uFEFF\u2028\u2029",
  "\u202Egnp.exe\u202C",
  "e\u0301\u0301\u0301 Z̷̢͈a̸l̵g̶o̴ 😀👩‍👩‍👧 𝕏",
  '</t:Subject><t:Body BodyType="HTML">pwned</t:Body><t:Subject>',
  "<![CDATA[ ]]> ]]> &amp; &lt; &#0; &#xD800; <?xml version='1.0'?>",
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>',
  "AAMkAGI2TG93AAA=",
  "../../../../etc/passwd",
  "inbox/../../Deleted Items",
  "pat@contoso.test\r\nX-Injected: 1",
  "pat\u200B@contoso.test",
  "@@",
  "pat@",
  "pat@bücher.example",
  "a".repeat(400) + "@contoso.test",
  "ceo@contoso.test",
  "2026-13-45T99:99:99Z",
  "null",
  "-1",
  "NaN",
];

const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  0.5,
  true,
  null,
  [],
  ["pat@contoso.test", "\u0000"],
  Array.from({ length: 600 }, (_, i) => `user${i}@contoso.test`),
  {},
  { __proto__: { polluted: true } },
  { "$ref": "#" },
];

Deno.test("fuzz: hostile arguments at every tool: clear refusals, valid requests, no crash", async () => {
  const h = await startHarness({ validateSchema: true, record: true });
  const rand = random(20261122);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  try {
    const { tools } = await h.client.listTools();
    const first = await h.call("read_emails", { max_results: 1 });
    const emailId = first.data.emails[0].id as string;
    // Sane arguments per tool, so that one hostile field at a time gets past the others.
    const sane: Record<string, Record<string, unknown>> = {
      get_email_details: { email_id: emailId },
      send_email: { to: ["pat@contoso.test"], subject: "fuzz", body: "fuzz" },
      set_oof_settings: { state: "enabled" },
      list_attachments: { email_id: emailId },
    };
    let calls = 0;
    for (const tool of tools) {
      const properties = Object.keys(
        (tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {},
      );
      for (let round = 0; round < 16; round++) {
        const args: Record<string, unknown> = { ...sane[tool.name] };
        // Mostly one hostile field at a time (the rest sane or absent), sometimes all at once.
        const targets = round % 6 === 5 ? properties : [pick(properties)].filter(Boolean);
        for (const name of targets) args[name] = pick(HOSTILE_VALUES);
        if (round % 8 === 7) args[`extra_${round}`] = pick(HOSTILE_VALUES);
        const label = `${tool.name} ${JSON.stringify(args).slice(0, 160)}`;
        let text: string;
        let isError: boolean;
        try {
          const result = await h.client.callTool({ name: tool.name, arguments: args });
          const content = result.content as { type: string; text?: string }[];
          text = content.map((c) => c.text ?? "").join("\n");
          isError = result.isError === true;
        } catch (error) {
          // A protocol-level refusal (invalid params) is a clear refusal too.
          text = String((error as Error).message);
          isError = true;
        }
        calls++;
        assert.doesNotMatch(text, /Internal error in|\n\s+at \S+ \(/, label);
        if (isError) {
          assert.ok(text.trim().length > 0, `${label}: empty refusal`);
          assert.ok(text.length < 4_000, `${label}: refusal of ${text.length} chars`);
        }
      }
    }
    assert.ok(calls >= tools.length * 16);
    assert.ok(
      h.sim.exchanges.length >= 10,
      `only ${h.sim.exchanges.length} requests reached Exchange`,
    );
    const invalid = h.sim.exchanges.filter((e) => /ErrorSchemaValidation/.test(e.response));
    assert.deepEqual(
      invalid.map((e) => `${e.operation}: ${e.response.match(/Violation>([^<]*)/)?.[1]}`),
      [],
      "every request that reached the simulator was schema-valid",
    );
    // Still alive and serving.
    const after = await h.call("get_oof_settings");
    assert.equal(after.isError, false, after.text);
  } finally {
    await h.close();
  }
});
