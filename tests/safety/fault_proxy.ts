/**
 * A TCP proxy in front of the simulator that breaks HTTP exchanges the way networks and gateways
 * do, AFTER the simulator carried the request out: the connection is dropped or reset, the reply
 * is withheld or cut off, or a gateway error replaces it. A client that re-sends the request
 * (as Deno's node:http does) delivers a second copy through the proxy, so a test can count.
 *
 *     const proxy = await startFaultProxy(sim.url);
 *     proxy.arm("CreateItem", "drop");   // the next CreateItem meets the fault
 *     // point the client at proxy.url
 */
import { Buffer } from "node:buffer";
import net from "node:net";

export type Fault = "drop" | "reset" | "withhold" | "truncate" | 502 | 503 | 504;

export const FAULTS: readonly Fault[] = ["drop", "reset", "withhold", "truncate", 502, 503, 504];

export interface FaultProxy {
  /** The EWS URL through the proxy. */
  url: string;
  /** The next request for `operation` is carried out by the simulator, then meets `fault`. */
  arm(operation: string, fault: Fault): void;
  /** Requests per operation the client sent through the proxy. */
  readonly seen: Record<string, number>;
  /** TCP connections the client opened. */
  readonly connections: number;
  close(): Promise<void>;
}

interface ParsedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

const OPERATION = /<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?([A-Za-z]+)/;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const armed = new Map<string, Fault>();
  const seen: Record<string, number> = {};
  const sockets = new Set<net.Socket>();
  let connections = 0;

  const forward = async (request: ParsedRequest) => {
    const headers = { ...request.headers };
    delete headers["host"];
    delete headers["content-length"];
    delete headers["connection"];
    const response = await fetch(new URL(request.path, upstream), {
      method: "POST",
      headers,
      body: request.body,
    });
    return {
      status: response.status,
      type: response.headers.get("content-type") ?? "",
      body: await response.text(),
    };
  };

  const reply = (socket: net.Socket, status: number, type: string, body: string) => {
    const bytes = Buffer.from(body, "utf8");
    socket.write(
      `HTTP/1.1 ${status} ${status === 200 ? "OK" : "Error"}\r\nContent-Type: ${type}\r\n` +
        `Content-Length: ${bytes.length}\r\n\r\n`,
    );
    socket.write(bytes);
  };

  const handle = async (socket: net.Socket, request: ParsedRequest) => {
    const operation = OPERATION.exec(request.body)?.[1] ?? "";
    seen[operation] = (seen[operation] ?? 0) + 1;
    const fault = armed.get(operation);
    if (fault !== undefined) armed.delete(operation);
    const response = await forward(request);
    if (fault === undefined) return reply(socket, response.status, response.type, response.body);
    switch (fault) {
      case "drop":
        return void socket.destroy();
      case "reset":
        return void socket.resetAndDestroy();
      case "withhold":
        return; // never answer; the client gives up
      case "truncate": {
        const bytes = Buffer.from(response.body, "utf8");
        socket.write(
          `HTTP/1.1 200 OK\r\nContent-Type: ${response.type}\r\nContent-Length: ${bytes.length}\r\n\r\n`,
        );
        socket.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        return void socket.destroy();
      }
      default:
        return reply(socket, fault, "text/html", `<html><body>HTTP ${fault}</body></html>`);
    }
  };

  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    let chain = Promise.resolve();
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const [line, ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
        const headers: Record<string, string> = {};
        for (const l of lines) {
          const colon = l.indexOf(":");
          headers[l.slice(0, colon).trim().toLowerCase()] = l.slice(colon + 1).trim();
        }
        const length = Number(headers["content-length"] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
        buffer = buffer.subarray(end + 4 + length);
        const request = { path: line.split(" ")[1], headers, body };
        chain = chain.then(() => handle(socket, request)).catch(() => void socket.destroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    arm: (operation, fault) => void armed.set(operation, fault),
    seen,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
