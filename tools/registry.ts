/**
 * The tool registry: every tool module, filtered by the enabled areas and read-only mode.
 * Adding an area is one module here; adding a tool is one file plus one line in its area.
 * A tool's toolset (what `--toolsets` names) is its module's area (tools/toolsets.ts).
 */
import { calendarTools } from "./calendar/mod.ts";
import { contactTools } from "./contacts/mod.ts";
import { attachmentTools } from "./attachments/mod.ts";
import { emailTools } from "./email/mod.ts";
import { folderTools } from "./folders/mod.ts";
import { oofTools } from "./oof/mod.ts";
import { taskTools } from "./tasks/mod.ts";
import { usePrebuiltJsonSchema } from "./json_schema.ts";
import { GENERATED_JSON_SCHEMAS } from "./json_schemas.generated.ts";
import type { Area, ToolDefinition, ToolModule } from "./tool.ts";
import { type Toolset, toolsetOf } from "./toolsets.ts";

export const TOOL_MODULES: ToolModule[] = [
  emailTools,
  attachmentTools,
  folderTools,
  oofTools,
  calendarTools,
  contactTools,
  taskTools,
];

// Their JSON Schemas as converted at build time: a start does not run zod's conversion.
for (const tool of TOOL_MODULES.flatMap((module) => module.tools)) {
  const prebuilt = GENERATED_JSON_SCHEMAS[tool.name];
  if (!prebuilt) continue;
  usePrebuiltJsonSchema(tool.input, "input", prebuilt.input);
  usePrebuiltJsonSchema(tool.output, "output", prebuilt.output);
}

export interface RegistryOptions {
  /** Areas switched on (toolsets, ENABLE_EMAIL…); absent areas are off. */
  enabledAreas: ReadonlySet<Area>;
  /** Register only tools annotated read-only. */
  readOnly: boolean;
}

/** The enabled toolsets that have tools, in toolset order, each with its tools. */
export function selectToolsets(
  options: RegistryOptions,
): { toolset: Toolset; tools: ToolDefinition[] }[] {
  const byArea = new Map<Area, ToolDefinition[]>();
  for (const module of TOOL_MODULES) {
    if (!options.enabledAreas.has(module.area)) continue;
    const tools = module.tools.filter((tool) => !options.readOnly || tool.annotations.readOnlyHint);
    byArea.set(module.area, [...(byArea.get(module.area) ?? []), ...tools]);
  }
  return [...byArea].filter(([, tools]) => tools.length > 0)
    .map(([area, tools]) => ({ toolset: toolsetOf(area), tools }));
}

export function selectTools(options: RegistryOptions): ToolDefinition[] {
  return TOOL_MODULES
    .filter((module) => options.enabledAreas.has(module.area))
    .flatMap((module) => module.tools)
    .filter((tool) => !options.readOnly || tool.annotations.readOnlyHint);
}
