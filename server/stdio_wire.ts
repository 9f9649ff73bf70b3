/**
 * The stdio wire: newline-delimited JSON-RPC on stdin/stdout, answering what cannot be served
 * instead of dropping it, and never stopping over one bad line.
 *
 * Upstream (SDK 2.4 `StdioServerTransport`): a line that is not JSON is skipped without an
 * answer, and a line over its 10 MiB buffer throws, after which the transport closes its input
 * and the server answers nothing, forever. Here a malformed line is answered `-32700`, a
 * well-formed non-message `-32600`, and an overlong line is skipped up to its newline and
 * answered `-32600`; the connection goes on.
 */
import { Buffer } from "node:buffer";
import process from "node:process";
import type { Readable, Writable } from "node:stream";
import {
  deserializeMessage,
  type JSONRPCMessage,
  serializeMessage,
  type Transport,
} from "@modelcontextprotocol/server";
import { MAX_JSON_DEPTH, nestingDepth } from "./body.ts";

export class StdioWire implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  #chunks: Buffer[] = [];
  #size = 0;
  /** Inside an overlong line: drop bytes until its newline. */
  #skipping = false;
  #closed = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  start(): Promise<void> {
    this.input.on("data", this.#onData);
    this.input.on("end", this.#onEnd);
    this.input.on("close", this.#onEnd);
    this.input.on("error", this.#onError);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("stdio transport is closed"));
    return new Promise((resolve, reject) => {
      const ok = this.output.write(serializeMessage(message), (error) => {
        if (error) reject(error);
      });
      if (ok) resolve();
      else this.output.once("drain", () => resolve());
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.input.off("data", this.#onData);
    this.input.off("end", this.#onEnd);
    this.input.off("close", this.#onEnd);
    this.input.off("error", this.#onError);
    this.input.pause();
    this.#chunks = [];
    this.onclose?.();
    return Promise.resolve();
  }

  #onEnd = () => void this.close();
  #onError = (error: Error) => this.onerror?.(error);

  #onData = (chunk: Buffer | string) => {
    let data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    while (data.length > 0) {
      const newline = data.indexOf(0x0a);
      const part = newline === -1 ? data : data.subarray(0, newline);
      if (!this.#skipping) {
        if (this.#size + part.length > this.maxLineBytes) {
          this.#skipping = true;
          this.#chunks = [];
          this.#size = 0;
        } else {
          this.#chunks.push(part);
          this.#size += part.length;
        }
      }
      if (newline === -1) return;
      data = data.subarray(newline + 1);
      if (this.#skipping) {
        this.#skipping = false;
        this.#answer(-32600, `Message larger than ${this.maxLineBytes} bytes; not read`);
        continue;
      }
      const line = Buffer.concat(this.#chunks).toString("utf8").replace(/\r$/, "");
      this.#chunks = [];
      this.#size = 0;
      if (line.trim() !== "") this.#receive(line);
    }
  };

  #receive(line: string): void {
    if (nestingDepth(line) > MAX_JSON_DEPTH) {
      return this.#answer(-32700, `Parse error: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return this.#answer(-32700, "Parse error: not valid JSON");
    }
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line);
    } catch {
      const id = (value as { id?: unknown } | null)?.id;
      return this.#answer(
        -32600,
        "Invalid Request: not a JSON-RPC 2.0 message",
        typeof id === "string" || typeof id === "number" ? id : null,
      );
    }
    this.onmessage?.(message);
  }

  #answer(code: number, message: string, id: string | number | null = null): void {
    this.onerror?.(new Error(message));
    this.send({ jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage)
      .catch((error) => this.onerror?.(error as Error));
  }
}
