/**
 * The tool registry: every tool module, filtered by the enabled areas and read-only mode.
 * Adding an area is one module here; adding a tool is one file plus one line in its area.
 */
import { calendarTools } from "./calendar/mod.ts";
import { contactTools } from "./contacts/mod.ts";
import { emailTools } from "./email/mod.ts";
import { folderTools } from "./folders/mod.ts";
import { oofTools } from "./oof/mod.ts";
import { taskTools } from "./tasks/mod.ts";
import type { Area, ToolDefinition, ToolModule } from "./tool.ts";

export const TOOL_MODULES: ToolModule[] = [
  emailTools,
  folderTools,
  oofTools,
  calendarTools,
  contactTools,
  taskTools,
];

export interface RegistryOptions {
  /** Areas switched on (ENABLE_EMAIL…); absent areas are off. */
  enabledAreas: ReadonlySet<Area>;
  /** Register only tools annotated read-only. */
  readOnly: boolean;
}

export function selectTools(options: RegistryOptions): ToolDefinition[] {
  return TOOL_MODULES
    .filter((module) => options.enabledAreas.has(module.area))
    .flatMap((module) => module.tools)
    .filter((tool) => !options.readOnly || tool.annotations.readOnlyHint);
}
