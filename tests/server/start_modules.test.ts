/**
 * What a production start loads: the modules `mod.ts` reaches through static imports. The
 * simulator (with its iCalendar, MIME and schema-validation libraries) and HTTP mode (hono,
 * jose) are imported dynamically where they are needed, so a stdio start neither evaluates them
 * nor, in the compiled binary, reads their chunks (`bun build --splitting`, scripts/build.ts).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO = new URL("../../", import.meta.url);

interface Dependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}
interface ModuleInfo {
  specifier: string;
  dependencies?: Dependency[];
}

/** Repository paths and npm package names reached from `mod.ts` by static (value) imports. */
function staticallyLoaded(): Set<string> {
  const info = JSON.parse(
    execFileSync(Deno.execPath(), ["info", "--json", "mod.ts"], {
      cwd: fileURLToPath(REPO),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as { roots: string[]; modules: ModuleInfo[]; redirects: Record<string, string> };
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const loaded = new Set<string>();
  const pending = [...info.roots];
  while (pending.length > 0) {
    const next = pending.pop()!;
    const specifier = info.redirects[next] ?? next;
    if (loaded.has(specifier)) continue;
    loaded.add(specifier);
    for (const dep of bySpecifier.get(specifier)?.dependencies ?? []) {
      // Type-only imports have no `code`; dynamic imports load on demand.
      if (dep.code && !dep.isDynamic) pending.push(dep.code.specifier);
    }
  }
  return new Set(
    [...loaded].map((s) =>
      s.startsWith(REPO.href)
        ? s.slice(REPO.href.length)
        : s.replace(/^npm:\/?/, "").replace(/(.)@[^/]*$/, "$1").replace(/(.)@[^/]*\//, "$1/")
    ),
  );
}

Deno.test("a stdio start loads no simulator, HTTP, iCalendar or MIME module", () => {
  const loaded = staticallyLoaded();
  // The walk sees the real graph: the server, the tools and the SDK are there.
  for (const expected of ["server/stdio.ts", "tools/registry.ts", "@modelcontextprotocol/server"]) {
    assert.ok(loaded.has(expected), `${expected} should be loaded at start`);
  }
  const unwanted = [...loaded].filter((m) =>
    m.startsWith("sim/") || m === "server/http.ts" || m === "server/auth.ts" ||
    /^(hono|jose|ical\.js|postal-mime|xmllint-wasm)(\/|$)/.test(m)
  );
  assert.deepEqual(unwanted, []);
});
