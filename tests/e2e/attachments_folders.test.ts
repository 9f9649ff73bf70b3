/**
 * The attachment and folder tools through the real program (source and compiled binary) over
 * stdio on the embedded demo: own mailbox, impersonation of pat, and pat's delegate.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { cleanEnv, REPO, type Target, TARGETS } from "./targets.ts";

// deno-lint-ignore no-explicit-any
type Data = any;

async function connect(target: Target, env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: target.command,
    args: [...target.args, "--demo"],
    env: cleanEnv({ LOG_LEVEL: "WARNING", ...env }),
    cwd: REPO,
    stderr: "pipe",
  });
  const client = new Client({ name: "e2e-attachments-folders", version: "1.0.0" });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name, arguments: args });
    const text = JSON.stringify(result.content);
    assert.equal(result.isError ?? false, false, `${name}: ${text}`);
    return result.structuredContent as Data;
  };
  return { client, call };
}

async function idOf(
  call: (name: string, args?: Record<string, unknown>) => Promise<Data>,
  subject: string,
  target?: string,
): Promise<string> {
  const list = await call("read_emails", {
    max_results: 20,
    ...(target ? { target_mailbox: target } : {}),
  });
  return list.emails.find((e: { subject: string }) => e.subject === subject).id;
}

for (const target of TARGETS) {
  Deno.test({
    name: `stdio (${target.name}): attachments and folders, own mailbox and impersonation`,
    ignore: target.missing !== undefined,
    async fn() {
      const download = mkdtempSync(join(tmpdir(), "ews-mcp-e2e-"));
      const { client, call } = await connect(target, { EWS_DOWNLOAD_DIR: download });
      try {
        const id = await idOf(call, "Server room access log");
        const listed = await call("list_attachments", { email_id: id });
        const kinds = listed.attachments.map((a: { kind: string }) => a.kind).sort();
        assert.deepEqual(kinds, ["file", "item"]);
        const file = listed.attachments.find((a: { kind: string }) => a.kind === "file");
        const saved = await call("download_attachment", {
          attachment_id: file.id,
          save_to_file: true,
        });
        assert.equal(readFileSync(saved.saved_path, "utf8"), "time,badge,door\n");
        const item = listed.attachments.find((a: { kind: string }) => a.kind === "item");
        const message = await call("download_attachment", { attachment_id: item.id });
        assert.equal(message.message.subject, "Badge reader maintenance");
        const mime = await call("get_email_mime", { email_id: id });
        assert.match(mime.mime, /message\/rfc822/);

        const created = await call("create_folder", { name: "E2E", parent_folder: "inbox" });
        assert.equal(created.path, "Inbox/E2E");
        const found = await call("find_folder", { name: "e2e" });
        assert.equal(found.folders[0].id, created.id);
        await call("delete_folder", { folder: "Inbox/E2E", permanent: true });

        const pat = "pat@contoso.test";
        const clients = await call("find_folder", { path: "Inbox/Clients", target_mailbox: pat });
        assert.equal(clients.mailbox, pat);
        const patId = await idOf(call, "Status report template", pat);
        const patFiles = await call("list_attachments", { email_id: patId, target_mailbox: pat });
        assert.equal(patFiles.attachments[0].name, "status-template.xlsx");
      } finally {
        await client.close();
      }
    },
  });

  Deno.test({
    name: `stdio (${target.name}): a delegate works in the shared Inbox, sends on behalf`,
    ignore: target.missing !== undefined,
    async fn() {
      const { client, call } = await connect(target, { EWS_IMPERSONATION_TYPE: "delegate" });
      try {
        const pat = "pat@contoso.test";
        const id = await idOf(call, "Status report template", pat);
        const files = await call("list_attachments", { email_id: id, target_mailbox: pat });
        assert.equal(files.mailbox, pat);
        const sent = await call("send_email", {
          target_mailbox: pat,
          to: ["sales@contoso.test"],
          subject: "From pat's delegate",
          body: "x",
          attachments: [{ name: "a.txt", content_base64: btoa("a") }],
        });
        assert.equal(sent.on_behalf_of, pat);
        assert.equal(sent.attachments, 1);
      } finally {
        await client.close();
      }
    },
  });
}
