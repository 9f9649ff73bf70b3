/**
 * Toolsets: the names users choose tool areas by (`--toolsets mail,calendar`, `EWS_TOOLSETS`),
 * and the profiles that name several at once. A tool belongs to the toolset of its module's area;
 * nothing is declared per tool.
 */
import type { Area } from "./tool.ts";

export interface Toolset {
  /** What users type and what `list_toolsets` shows. */
  name: string;
  area: Area;
  /** One line for `list_toolsets`, `--help` and the README. */
  description: string;
  /** Other names accepted for it (the area's name where it differs). */
  aliases: readonly string[];
}

export const TOOLSETS: readonly Toolset[] = [
  {
    name: "mail",
    area: "email",
    description: "Read, search, send, reply, forward and organise messages",
    aliases: ["email"],
  },
  {
    name: "attachments",
    area: "attachments",
    description: "List, download, add and delete attachments; messages as MIME",
    aliases: [],
  },
  {
    name: "folders",
    area: "folders",
    description: "The folder tree; find, create, rename, move, empty and delete folders",
    aliases: [],
  },
  {
    name: "calendar",
    area: "calendar",
    description: "Events, meetings and responses, availability, rooms",
    aliases: [],
  },
  {
    name: "contacts",
    area: "contacts",
    description: "Personal contacts, directory look-ups, distribution lists",
    aliases: ["directory"],
  },
  {
    name: "tasks",
    area: "tasks",
    description: "Tasks: list, create, update, complete",
    aliases: [],
  },
  {
    name: "out-of-office",
    area: "oof",
    description: "Automatic replies (out-of-office settings)",
    aliases: ["oof", "ooo"],
  },
];

/**
 * Profiles: `default` is the everyday work of an assistant (mail and its attachments and folders,
 * meetings, people); tasks and automatic replies are added by name. `all` is every toolset.
 */
export const PROFILES: Readonly<Record<string, readonly string[]>> = {
  default: ["mail", "attachments", "folders", "calendar", "contacts"],
  all: TOOLSETS.map((t) => t.name),
};

export const DEFAULT_PROFILE = "default";

const BY_NAME = new Map<string, Toolset>(
  TOOLSETS.flatMap((t) => [t.name, t.area, ...t.aliases].map((n) => [n, t] as const)),
);

export function toolsetOf(area: Area): Toolset {
  return TOOLSETS.find((t) => t.area === area)!;
}

/** Looks up a toolset by name, area or alias (case-insensitive). */
export function findToolset(name: string): Toolset | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/**
 * Reads a comma-separated list of toolset and profile names into areas. Unknown names are
 * returned as problems, one line each, naming what is accepted.
 */
export function parseToolsets(spec: string): { areas: Set<Area>; problems: string[] } {
  const areas = new Set<Area>();
  const problems: string[] = [];
  for (const raw of spec.split(",")) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    const profile = PROFILES[name];
    if (profile) {
      for (const member of profile) areas.add(findToolset(member)!.area);
      continue;
    }
    const toolset = findToolset(name);
    if (toolset) areas.add(toolset.area);
    else {
      problems.push(
        `unknown toolset "${raw.trim()}" (known: ${
          [...TOOLSETS.map((t) => t.name), ...Object.keys(PROFILES)].join(", ")
        })`,
      );
    }
  }
  return { areas, problems };
}
