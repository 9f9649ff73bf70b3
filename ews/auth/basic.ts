/** HTTP Basic authentication: the credentials travel with every request (use HTTPS). */
import { Buffer } from "node:buffer";
import type { AuthScheme, SendOnce } from "./scheme.ts";

export function basicAuth(username: string, password: string): AuthScheme {
  const header = "Basic " + Buffer.from(`${username}:${password}`, "utf8").toString("base64");
  return {
    name: "basic",
    connectionBound: false,
    exchange: (send: SendOnce) => send({ Authorization: header }),
  };
}
