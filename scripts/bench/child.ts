/** A child process spoken to one line at a time over stdin/stdout. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export class LineChild {
  readonly #process: ChildProcess;
  readonly #lines: string[] = [];
  readonly #waiting: ((line: string | undefined) => void)[] = [];
  readonly #exited: Promise<number | null>;
  #stderr = "";
  #closed = false;

  constructor(command: string, args: string[], env?: Record<string, string>) {
    this.#process = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env });
    this.#process.stderr!.on("data", (chunk) => this.#stderr += chunk);
    createInterface({ input: this.#process.stdout! }).on("line", (line) => {
      const waiter = this.#waiting.shift();
      if (waiter) waiter(line);
      else this.#lines.push(line);
    });
    this.#exited = new Promise((resolve) => {
      this.#process.on("close", (code) => {
        this.#closed = true;
        for (const waiter of this.#waiting.splice(0)) waiter(undefined);
        resolve(code);
      });
      this.#process.on("error", (error) => {
        this.#stderr += String(error);
        this.#closed = true;
        for (const waiter of this.#waiting.splice(0)) waiter(undefined);
        resolve(-1);
      });
    });
  }

  /** The next stdout line; throws (with the child's stderr) when the child ended first. */
  async next(): Promise<string> {
    const queued = this.#lines.shift();
    if (queued !== undefined) return queued;
    const line = this.#closed
      ? undefined
      : await new Promise<string | undefined>((resolve) => this.#waiting.push(resolve));
    if (line === undefined) {
      const code = await this.#exited;
      throw new Error(`child process ended (exit ${code}):\n${this.#stderr.trim()}`);
    }
    return line;
  }

  send(line: string): void {
    this.#process.stdin!.write(line + "\n");
  }

  /** Closes stdin and waits for the exit code. */
  async close(): Promise<number | null> {
    this.#process.stdin!.end();
    return await this.#exited;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  get stderr(): string {
    return this.#stderr;
  }
}
