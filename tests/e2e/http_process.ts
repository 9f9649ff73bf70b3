/** The real program serving MCP over HTTP as a child process, for the end-to-end tests. */
import { spawn } from "node:child_process";
import { cleanEnv, REPO, type Target } from "./targets.ts";

export interface HttpProcess {
  /** Its MCP URL, read from its log once it listens. */
  url: Promise<URL>;
  /** Stops it (SIGTERM) and resolves once it has exited. */
  stop(): Promise<void>;
  /** What it logged so far. */
  log(): string;
}

/** Starts the program with `--transport http` on a free port, plus `args`, in a clean env. */
export function startHttpProcess(
  target: Target,
  args: string[] = [],
  env: Record<string, string> = {},
): HttpProcess {
  const child = spawn(
    target.command,
    [...target.args, ...args, "--transport", "http", "--port", "0"],
    {
      cwd: REPO,
      env: cleanEnv({ LOG_LEVEL: "INFO", ...env }),
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let log = "";
  const url = new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    child.stderr.on("data", (chunk: Uint8Array) => {
      log += new TextDecoder().decode(chunk);
      const match = /MCP over HTTP on (http:\/\/\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  // A server stopped on purpose rejects `url` only if nobody waits on it: keep that quiet.
  url.catch(() => undefined);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { url, stop, log: () => log };
}
