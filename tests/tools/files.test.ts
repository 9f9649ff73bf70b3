/**
 * Local file access is confined to EWS_UPLOAD_DIR (reading) and EWS_DOWNLOAD_DIR (saving):
 * absolute paths, `..`, symlinks leading out, and devices or pipes are refused with a clear
 * error, and with a directory unset that direction is off. Each rule has its own test.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileAccess, safeFileName } from "../../tools/files.ts";
import { startHarness } from "../support/harness.ts";

const MB = 1024 * 1024;

function setup() {
  const base = mkdtempSync(join(tmpdir(), "ews-mcp-files-"));
  const upload = join(base, "upload");
  const download = join(base, "download");
  const outside = join(base, "outside");
  for (const d of [upload, download, outside, join(upload, "sub"), join(download, "sub")]) {
    mkdirSync(d);
  }
  writeFileSync(join(upload, "ok.txt"), "fine");
  writeFileSync(join(upload, "sub", "deep.txt"), "deep");
  writeFileSync(join(outside, "secret.txt"), "secret");
  const files = new FileAccess({ uploadDir: upload, downloadDir: download, maxBytes: MB });
  return { base, upload, download, outside, files };
}

async function refusedWith(promise: Promise<unknown>, pattern: RegExp) {
  await assert.rejects(promise, (error: Error) => {
    assert.match(error.message, pattern);
    return true;
  });
}

Deno.test("Reading: files below the upload directory, subfolders included", async () => {
  const { files } = setup();
  assert.equal(new TextDecoder().decode((await files.readUpload("ok.txt")).content), "fine");
  assert.equal((await files.readUpload("sub/deep.txt")).name, "deep.txt");
  assert.equal((await files.readUpload("./sub//deep.txt")).name, "deep.txt");
});

Deno.test("Reading: absolute paths are refused", async () => {
  const { files, outside } = setup();
  await refusedWith(
    files.readUpload(join(outside, "secret.txt")),
    /Absolute paths are not allowed/,
  );
  await refusedWith(files.readUpload("C:\\Windows\\win.ini"), /Absolute paths are not allowed/);
  await refusedWith(files.readUpload("\\\\server\\share\\x"), /Absolute paths are not allowed/);
});

Deno.test("Reading: .. is refused even when it would stay inside", async () => {
  const { files } = setup();
  await refusedWith(files.readUpload("../outside/secret.txt"), /"\.\." is not allowed/);
  await refusedWith(files.readUpload("sub/../ok.txt"), /"\.\." is not allowed/);
  await refusedWith(files.readUpload("sub\\..\\..\\x"), /"\.\." is not allowed/);
});

Deno.test("Reading: a symlink leading out of the directory is refused", async () => {
  const { files, upload, outside } = setup();
  symlinkSync(join(outside, "secret.txt"), join(upload, "link.txt"));
  symlinkSync(outside, join(upload, "linkdir"));
  await refusedWith(files.readUpload("link.txt"), /leads outside the upload directory/);
  await refusedWith(files.readUpload("linkdir/secret.txt"), /leads outside the upload directory/);
  // A symlink that stays inside is fine.
  symlinkSync(join(upload, "ok.txt"), join(upload, "inside.txt"));
  assert.equal((await files.readUpload("inside.txt")).content.length, 4);
});

Deno.test("Reading: devices, pipes and folders are refused without being opened", async () => {
  const { files, upload } = setup();
  execFileSync("mkfifo", [join(upload, "pipe")]);
  await refusedWith(files.readUpload("pipe"), /not a regular file/);
  await refusedWith(files.readUpload("sub"), /not a regular file/);
  try {
    execFileSync("mknod", [join(upload, "null"), "c", "1", "3"]);
  } catch {
    return; // creating device nodes needs privileges; the pipe covers the same rule
  }
  await refusedWith(files.readUpload("null"), /not a regular file/);
});

Deno.test("Reading: over the size cap is refused", async () => {
  const { upload } = setup();
  writeFileSync(join(upload, "big.bin"), new Uint8Array(2048));
  const small = new FileAccess({ uploadDir: upload, maxBytes: 1024 });
  await refusedWith(small.readUpload("big.bin"), /over the 1024-byte limit/);
});

Deno.test("Saving: new files only, below the download directory, never through symlinks", async () => {
  const { files, download, outside } = setup();
  const first = await files.saveDownload("a.txt", new TextEncoder().encode("one"));
  assert.equal(first.path, join(download, "a.txt"));
  const second = await files.saveDownload("a.txt", new TextEncoder().encode("two"));
  assert.equal(second.path, join(download, "a (1).txt"));
  assert.equal(readFileSync(first.path, "utf8"), "one", "never overwritten");
  assert.equal(
    (await files.saveDownload("sub/b.txt", new Uint8Array(1))).path,
    join(download, "sub", "b.txt"),
  );

  await refusedWith(files.saveDownload("/tmp/x.txt", new Uint8Array(1)), /Absolute paths/);
  await refusedWith(
    files.saveDownload("../outside/x.txt", new Uint8Array(1)),
    /"\.\." is not allowed/,
  );
  symlinkSync(outside, join(download, "escape"));
  await refusedWith(
    files.saveDownload("escape/x.txt", new Uint8Array(1)),
    /leads outside the download directory/,
  );
  // A symlink planted at the target name is never followed: the file gets another name.
  symlinkSync(join(outside, "planted.txt"), join(download, "c.txt"));
  const planted = await files.saveDownload("c.txt", new Uint8Array(1));
  assert.equal(planted.path, join(download, "c (1).txt"));
  assert.deepEqual(readdirSync(outside).sort(), ["secret.txt"], "nothing written outside");
  await refusedWith(files.saveDownload("big.bin", new Uint8Array(MB + 1)), /over the/);
});

Deno.test("Attachment names become safe file names", () => {
  assert.equal(safeFileName("../../etc/passwd"), "passwd");
  assert.equal(safeFileName("C:\\temp\\x.txt"), "x.txt");
  assert.equal(safeFileName("a<b>:c?.txt"), "a_b__c_.txt");
  assert.equal(safeFileName(".."), "attachment");
  assert.equal(safeFileName(""), "attachment");
});

Deno.test("With the directories unset, tools can neither read nor save files", async () => {
  const { upload } = setup();
  const h = await startHarness();
  try {
    const attach = await h.call("send_email", {
      to: ["pat@contoso.test"],
      subject: "x",
      body: "y",
      attachments: [{ file_path: "ok.txt" }],
    });
    assert.equal(attach.isError, true);
    assert.match(attach.text, /Reading files is off.*EWS_UPLOAD_DIR/);
    assert.ok(upload);
    const save = await h.call("get_email_mime", { email_id: "x", save_to_file: true });
    assert.match(save.text, /Saving files is off.*EWS_DOWNLOAD_DIR/);
  } finally {
    await h.close();
  }
});

Deno.test("Configuration: the directories must exist; the cap must be sensible", async () => {
  const { loadConfig } = await import("../../config/config.ts");
  const { parseCli } = await import("../../config/cli.ts");
  const base = {
    EWS_SERVER_URL: "mail.contoso.test",
    EWS_EMAIL: "a@contoso.test",
    EWS_PASSWORD: "x",
  };
  assert.throws(
    () =>
      loadConfig({
        ...base,
        EWS_UPLOAD_DIR: "/nonexistent/dir",
        EWS_MAX_ATTACHMENT_MB: "0",
      }, parseCli([])),
    (error: Error) =>
      /EWS_UPLOAD_DIR must be an existing directory/.test(error.message) &&
      /EWS_MAX_ATTACHMENT_MB must be/.test(error.message),
  );
  const config = loadConfig(base, parseCli([]));
  assert.equal(config.files.maxBytes, 25 * MB);
  assert.equal(config.files.uploadDir, undefined);
});

Deno.test("Through the tools: escaping paths are refused and nothing is sent", async () => {
  const { upload, download, outside } = setup();
  symlinkSync(join(outside, "secret.txt"), join(upload, "link.txt"));
  const h = await startHarness({ env: { EWS_UPLOAD_DIR: upload, EWS_DOWNLOAD_DIR: download } });
  try {
    for (const file_path of ["../outside/secret.txt", join(outside, "secret.txt"), "link.txt"]) {
      const result = await h.call("send_email", {
        to: ["pat@contoso.test"],
        subject: "exfiltration attempt",
        body: "y",
        attachments: [{ file_path }],
      });
      assert.equal(result.isError, true, file_path);
      assert.match(result.text, /not allowed|leads outside/, file_path);
    }
    assert.equal(h.sim.stats.byOperation.CreateItem ?? 0, 0, "nothing was sent");
    const save = await h.call("get_email_mime", {
      email_id: "x",
      save_to_file: true,
      file_name: "../escape.eml",
    });
    assert.equal(save.isError, true);
    assert.match(save.text, /"\.\." is not allowed/);
    assert.equal(h.sim.stats.byOperation.GetItem ?? 0, 0, "refused before fetching");
  } finally {
    await h.close();
  }
});
