/**
 * Dynamic toolsets: the session starts with `list_toolsets` and `enable_toolset` (plus any
 * toolsets named at start) and loads the rest on demand. Every available tool is registered
 * once, disabled; enabling a toolset switches its tools on and announces the change with one
 * `notifications/tools/list_changed`.
 */
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/server";
import { z } from "zod";
import { jsonBytes, leanSchema, modelFacing } from "../tools/json_schema.ts";
import type { ToolDefinition } from "../tools/tool.ts";
import { resultText } from "../tools/result_text.ts";
import type { DynamicSurface } from "./mcp.ts";

/** The two tools of dynamic mode, as data (their sizes count in the budget like any tool's). */
export function toolsetToolDefinitions(names: readonly [string, ...string[]]) {
  return {
    list: {
      name: "list_toolsets",
      title: "List toolsets",
      description: "List the toolsets this server can load, their tools and whether each is " +
        "loaded. Load one with enable_toolset.",
      input: z.object({}).strict(),
      output: z.object({
        toolsets: z.array(z.object({
          name: z.string(),
          description: z.string(),
          enabled: z.boolean(),
          tools: z.array(z.string()),
          bytes: z.number().int().describe("Size of the tool definitions the toolset adds."),
        })),
      }),
    },
    enable: {
      name: "enable_toolset",
      title: "Enable toolset",
      description:
        "Load toolsets so their tools become available (the tool list changes). Use it when " +
        "a task needs tools that are not loaded yet.",
      input: z.object({ toolsets: z.array(z.enum(names)).min(1).max(names.length) }).strict(),
      output: z.object({ enabled: z.array(z.string()), added_tools: z.array(z.string()) }),
    },
  };
}

const META_ANNOTATIONS = { destructiveHint: false, idempotentHint: true, openWorldHint: false };

export function registerToolsetTools(
  server: McpServer,
  surface: DynamicSurface,
  register: (tool: ToolDefinition) => RegisteredTool,
): void {
  const loaded = new Map<string, { tools: ToolDefinition[]; handles: RegisteredTool[] }>();
  for (const { toolset, tools } of surface.toolsets) {
    const handles = tools.map(register);
    if (!surface.initial.has(toolset.name)) handles.forEach((h) => h.disable());
    loaded.set(toolset.name, { tools, handles });
  }
  const names = surface.toolsets.map((t) => t.toolset.name);
  if (names.length === 0) return;
  const defs = toolsetToolDefinitions(names as [string, ...string[]]);
  const reply = (result: Record<string, unknown>) => ({
    content: [{ type: "text" as const, text: resultText(result) }],
    structuredContent: result,
  });

  server.registerTool(
    defs.list.name,
    {
      title: defs.list.title,
      description: defs.list.description,
      inputSchema: leanSchema(defs.list.input),
      outputSchema: leanSchema(defs.list.output),
      annotations: { title: defs.list.title, readOnlyHint: true, ...META_ANNOTATIONS },
    },
    () =>
      reply({
        toolsets: surface.toolsets.map(({ toolset, tools }) => ({
          name: toolset.name,
          description: toolset.description,
          enabled: loaded.get(toolset.name)!.handles.every((h) => h.enabled),
          tools: tools.map((t) => t.name),
          bytes: tools.reduce((sum, t) => sum + jsonBytes(modelFacing(t)), 0),
        })),
      }),
  );

  server.registerTool(
    defs.enable.name,
    {
      title: defs.enable.title,
      description: defs.enable.description,
      inputSchema: leanSchema(defs.enable.input),
      outputSchema: leanSchema(defs.enable.output),
      annotations: { title: defs.enable.title, readOnlyHint: false, ...META_ANNOTATIONS },
    },
    (args: unknown) => {
      const added: string[] = [];
      const requested = [...new Set((args as { toolsets: string[] }).toolsets)];
      for (const name of requested) {
        const { tools, handles } = loaded.get(name)!;
        handles.forEach((handle, i) => {
          if (handle.enabled) return;
          // Switched on directly, so that one notification announces the whole change.
          handle.enabled = true;
          added.push(tools[i].name);
        });
      }
      if (added.length > 0) server.sendToolListChanged();
      return reply({ enabled: requested, added_tools: added });
    },
  );
}
