/**
 * Writes the README's generated sections from the registry: the tool table (grouped by toolset,
 * with what each tool costs a model), the toolsets and the profiles with their sizes.
 *
 *     deno task readme           rewrite README.md between the generated markers
 *     deno task readme --check   exit 1 when README.md is stale (tests/readme.test.ts does too)
 */
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import { selectToolsets } from "../tools/registry.ts";
import { toolBytes } from "../tools/json_schema.ts";
import { PROFILES, TOOLSETS } from "../tools/toolsets.ts";
import { profileSizes } from "./surface.ts";

export const README = new URL("../README.md", import.meta.url);

/** A Markdown table padded as `deno fmt` pads it. */
export function table(header: string[], rows: string[][], right = new Set<number>()): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${
      cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(
        " | ",
      )
    } |`;
  const rule = `| ${
    widths.map((w, i) => (right.has(i) ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ")
  } |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The first sentence of a description. */
const firstSentence = (text: string) => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

function toolTable(): string {
  const all = new Set(TOOLSETS.map((t) => t.area));
  const rows = selectToolsets({ enabledAreas: all, readOnly: false }).flatMap((
    { toolset, tools },
  ) =>
    tools.map((tool) => [
      `\`${tool.name}\``,
      toolset.name,
      firstSentence(tool.description).replaceAll("|", "\\|"),
      tool.annotations.readOnlyHint ? "yes" : "no",
      String(toolBytes(tool)),
    ])
  );
  return table(["tool", "toolset", "what it does", "read-only", "bytes"], rows, new Set([4]));
}

function toolsetTable(): string {
  const all = new Set(TOOLSETS.map((t) => t.area));
  const loaded = new Map(
    selectToolsets({ enabledAreas: all, readOnly: false }).map((s) => [s.toolset.name, s.tools]),
  );
  const rows = TOOLSETS.map((t) => {
    const tools = loaded.get(t.name) ?? [];
    return [
      `\`${t.name}\``,
      t.description,
      `\`ENABLE_${t.area.toUpperCase()}\``,
      PROFILES.default.includes(t.name) ? "yes" : "no",
      String(tools.length),
      String(tools.reduce((sum, tool) => sum + toolBytes(tool), 0)),
    ];
  });
  return table(
    ["toolset", "what it holds", "switch", "in default", "tools", "bytes"],
    rows,
    new Set([4, 5]),
  );
}

async function profileTable(): Promise<string> {
  const rows = (await profileSizes()).map((p) => [
    p.name,
    p.what,
    String(p.tools),
    String(p.model_bytes),
    String(p.list_bytes),
    String(p.instructions_bytes),
  ]);
  return table(
    ["profile", "how", "tools", "bytes for the model", "bytes of tools/list", "instructions"],
    rows,
    new Set([2, 3, 4, 5]),
  );
}

/** The README with its generated sections brought up to date. */
export async function renderReadme(current: string): Promise<string> {
  const sections: Record<string, string> = {
    tools: toolTable(),
    toolsets: toolsetTable(),
    profiles: await profileTable(),
  };
  let text = current;
  for (const [name, content] of Object.entries(sections)) {
    const start = `<!-- generated:${name} (deno task readme) -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
    text = text.slice(0, from + start.length) + "\n\n" + content + "\n\n" + text.slice(to);
  }
  return text;
}

if (import.meta.main) {
  const current = readFileSync(README, "utf8");
  const next = await renderReadme(current);
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error("README.md is stale: run deno task readme");
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(README, next);
    console.error("README.md updated");
  }
}
