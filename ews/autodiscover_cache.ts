/**
 * Remembers what Autodiscover found, per address, for a day: desktop clients start a stdio
 * server for every session, and Autodiscover can take several round trips (or time-outs) before
 * it finds the URL. A cache that cannot be read or written is simply not used.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";

const TTL_MS = 24 * 60 * 60_000;

type Entries = Record<string, { ewsUrl: string; at: number }>;

export function defaultCachePath(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "ews-mcp", "autodiscover.json");
}

function read(path: string): Entries {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Entries;
  } catch {
    return {};
  }
}

export function cachedEwsUrl(path: string, email: string, now = Date.now()): URL | undefined {
  const entry = read(path)[email.toLowerCase()];
  if (!entry || now - entry.at > TTL_MS) return undefined;
  try {
    return new URL(entry.ewsUrl);
  } catch {
    return undefined;
  }
}

export function rememberEwsUrl(path: string, email: string, url: URL, now = Date.now()): void {
  try {
    const entries = read(path);
    entries[email.toLowerCase()] = { ewsUrl: url.href, at: now };
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(entries, null, 2) + "\n", { mode: 0o600 });
  } catch { /* best effort */ }
}
