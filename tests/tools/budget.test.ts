/**
 * Token budgets (issue 12), asserted over the registry so that every tool that lands is held to
 * them: what a client hands a model per tool (compact JSON of name, description and the input
 * schema the SDK emits in tools/list) is at most 1.5 KB, 900 bytes on average, and 48 KB for
 * the whole surface with every area on. KB here is 1,000 bytes of UTF-8.
 *
 * If a tool is over: say what it does and when to use it once, drop `.describe()` where the
 * argument's name says it, and use the shared shapes of tools/shapes.ts (folderRef, itemId,
 * paging…), whose meaning the server's instructions give once for all tools.
 */
import assert from "node:assert/strict";
import { toolBytes } from "../../tools/json_schema.ts";
import { selectTools, TOOL_MODULES } from "../../tools/registry.ts";
import { TOOLSETS } from "../../tools/toolsets.ts";
import { type ListedTool, listSurface, modelBytes } from "../../scripts/surface.ts";

const MAX_TOOL = 1_500;
const MAX_AVERAGE = 900;
const MAX_SURFACE = 48_000;

const all = await listSurface({ EWS_TOOLSETS: "all" });
const dynamic = await listSurface({ EWS_DYNAMIC_TOOLSETS: "true" });
const sizes = (tools: ListedTool[]) => tools.map((t) => ({ name: t.name, bytes: modelBytes(t) }));
const report = (list: { name: string; bytes: number }[]) =>
  list.map((t) => `  ${t.name}: ${t.bytes} bytes`).join("\n");

Deno.test("every area's tools are listed (the budgets below cover the whole registry)", () => {
  const registered = TOOL_MODULES.flatMap((m) => m.tools.map((t) => t.name)).sort();
  assert.deepEqual(all.tools.map((t) => t.name).sort(), registered);
  assert.ok(registered.length > 0);
});

Deno.test(`each tool costs a model at most ${MAX_TOOL} bytes`, () => {
  const over = sizes([...all.tools, ...dynamic.tools]).filter((t) => t.bytes > MAX_TOOL);
  assert.deepEqual(over, [], `Tools over ${MAX_TOOL} bytes:\n${report(over)}`);
});

Deno.test(`tools cost a model at most ${MAX_AVERAGE} bytes on average`, () => {
  const list = sizes(all.tools);
  const total = list.reduce((sum, t) => sum + t.bytes, 0);
  const average = Math.round(total / list.length);
  const heaviest = [...list].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  assert.ok(
    average <= MAX_AVERAGE,
    `Average ${average} bytes over ${list.length} tools (max ${MAX_AVERAGE}); heaviest:\n` +
      report(heaviest),
  );
});

Deno.test(`the whole surface with every area on costs at most ${MAX_SURFACE} bytes`, () => {
  const list = sizes(all.tools);
  const total = list.reduce((sum, t) => sum + t.bytes, 0);
  assert.ok(
    total <= MAX_SURFACE,
    `${total} bytes for ${list.length} tools (max ${MAX_SURFACE}):\n${report(list)}`,
  );
});

Deno.test("the size list_toolsets reports is what the SDK emits", () => {
  for (
    const tool of selectTools({
      enabledAreas: new Set(TOOLSETS.map((t) => t.area)),
      readOnly: false,
    })
  ) {
    const listed = all.tools.find((t) => t.name === tool.name)!;
    assert.equal(toolBytes(tool), modelBytes(listed), tool.name);
  }
});

Deno.test("shared argument shapes are described once, in the instructions, not per tool", () => {
  assert.match(all.instructions, /target_mailbox/);
  assert.match(all.instructions, /next_offset/);
  const byText = new Map<string, string[]>();
  for (const tool of all.tools) {
    const properties = (tool.inputSchema.properties ?? {}) as Record<
      string,
      { description?: string }
    >;
    assert.equal(
      properties.target_mailbox?.description,
      undefined,
      `${tool.name}: target_mailbox is described in the server instructions, not per tool`,
    );
    for (const [name, schema] of Object.entries(properties)) {
      if (!schema.description) continue;
      byText.set(schema.description, [
        ...(byText.get(schema.description) ?? []),
        `${tool.name}.${name}`,
      ]);
    }
  }
  // Two tools may share a phrase; from three on it belongs in a shared shape.
  const repeated = [...byText].filter(([, where]) => where.length > 2);
  assert.deepEqual(
    repeated,
    [],
    "Argument descriptions repeated across tools: use a shared shape (tools/shapes.ts) and say " +
      "it once in server/instructions.ts",
  );
});

Deno.test("output schemas are complete without repeating the input's or the tool's texts", () => {
  for (const tool of [...all.tools, ...dynamic.tools]) {
    assert.ok(tool.outputSchema, `${tool.name} has an output schema`);
    const inputTexts = new Set<string>([tool.description ?? ""]);
    collectDescriptions(tool.inputSchema, inputTexts);
    const outputTexts = new Set<string>();
    collectDescriptions(tool.outputSchema, outputTexts);
    const repeated = [...outputTexts].filter((text) => inputTexts.has(text));
    assert.deepEqual(repeated, [], `${tool.name}: output schema repeats input texts`);
    assert.ok(!("$schema" in tool.outputSchema!), `${tool.name}: no $schema in the output`);
  }
});

Deno.test("schemas carry no bytes that tell a model nothing", () => {
  for (const tool of [...all.tools, ...dynamic.tools]) {
    const text = JSON.stringify(tool.inputSchema);
    assert.ok(!text.includes("$schema"), `${tool.name}: $schema`);
    assert.ok(!text.includes("9007199254740991"), `${tool.name}: safe-integer bounds`);
    assert.ok(!/"format":"[^"]+","pattern"|"pattern":"[^"]+","format"/.test(text), tool.name);
  }
});

function collectDescriptions(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectDescriptions(n, into));
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "description" && typeof value === "string") into.add(value);
    else collectDescriptions(value, into);
  }
}
