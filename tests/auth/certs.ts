/**
 * Test certificates made at test time with the system's openssl: a private CA, a server
 * certificate for 127.0.0.1/localhost signed by it, a second self-signed "intercepting proxy"
 * certificate, and an app certificate for OAuth2 client assertions. Nothing is committed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificates {
  dir: string;
  caFile: string;
  ca: string;
  server: { cert: string; key: string };
  /** A certificate for the same names that no trusted CA signed. */
  rogue: { cert: string; key: string };
  app: { certFile: string; keyFile: string; cert: string };
  /** A certificate signed with SHA-384 (its channel binding uses SHA-384 too). */
  sha384: string;
  remove(): void;
}

async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stderr: "piped" }).output();
  if (!out.success) throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

let cached: Promise<TestCertificates> | undefined;

/** One set per test process (openssl is slow on a busy machine). */
export function testCertificates(): Promise<TestCertificates> {
  if (!cached) {
    cached = make();
    cached.then((certs) => globalThis.addEventListener("unload", () => certs.remove()));
  }
  return cached;
}

async function make(): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), "ews-mcp-certs-"));
  const rsa = ["-newkey", "rsa:2048", "-nodes"];
  await openssl(
    dir,
    "req",
    "-x509",
    ...rsa,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=ews-mcp test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  await openssl(
    dir,
    "req",
    ...rsa,
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=localhost",
  );
  Deno.writeTextFileSync(
    join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
  );
  await openssl(
    dir,
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-sha256",
    "-extfile",
    "server.ext",
  );
  await openssl(
    dir,
    "req",
    "-x509",
    ...rsa,
    "-keyout",
    "rogue.key",
    "-out",
    "rogue.pem",
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
  );
  await openssl(
    dir,
    "req",
    "-x509",
    ...rsa,
    "-keyout",
    "app.key",
    "-out",
    "app.pem",
    "-days",
    "2",
    "-subj",
    "/CN=ews-mcp app",
  );
  await openssl(
    dir,
    "req",
    "-x509",
    ...rsa,
    "-keyout",
    "sha384.key",
    "-out",
    "sha384.pem",
    "-days",
    "2",
    "-sha384",
    "-subj",
    "/CN=sha384",
  );
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    ca: read("ca.pem"),
    server: { cert: read("server.pem"), key: read("server.key") },
    rogue: { cert: read("rogue.pem"), key: read("rogue.key") },
    app: { certFile: join(dir, "app.pem"), keyFile: join(dir, "app.key"), cert: read("app.pem") },
    sha384: read("sha384.pem"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
