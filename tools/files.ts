/**
 * The only way tools touch the local disk: reading files to attach from EWS_UPLOAD_DIR and
 * saving attachments and MIME to EWS_DOWNLOAD_DIR. Paths are relative to those directories and
 * confined to them: absolute paths, `..`, symlinks leading out, and anything but a regular file
 * (devices, pipes, directories) are refused; with a directory unset that direction is off.
 * Saved files never overwrite: an existing name gets a numbered variant.
 */
import { constants } from "node:fs";
import { lstat, open, realpath } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join, relative, sep } from "node:path";
import { EwsError } from "../ews/errors.ts";

export interface FileSettings {
  /** Absolute directory tools may save into; unset: saving is off. */
  downloadDir?: string;
  /** Absolute directory tools may read attachments from; unset: reading files is off. */
  uploadDir?: string;
  /** Largest attachment (or MIME message) handled, in bytes. */
  maxBytes: number;
}

export const DEFAULT_MAX_ATTACHMENT_MB = 25;

const refused = (message: string, hint?: string) =>
  new EwsError(message, { kind: "invalid_input", hint });

/** Splits a relative path, refusing absolute ones and `..`; returns its segments. */
function relativeSegments(path: string): string[] {
  if (path.includes("\0")) throw refused("The path contains a NUL character");
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith("\\")) {
    throw refused(
      `Absolute paths are not allowed: ${path}`,
      "Give a path relative to the directory.",
    );
  }
  const segments = path.split(/[\\/]+/).filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw refused(`".." is not allowed in paths: ${path}`);
  if (segments.length === 0) throw refused("The path is empty");
  return segments;
}

/** Whether `path` is `dir` itself or inside it (both real paths). */
function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel) && !rel.startsWith(sep));
}

/** A file name from an attachment's name: no directories, no control or reserved characters. */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, "/"))
    // deno-lint-ignore no-control-regex
    .replace(/[\x00-\x1f<>:"|?*]/g, "_")
    .replace(/^[.\s]+|[.\s]+$/g, "")
    .slice(0, 200);
  return cleaned || "attachment";
}

export class FileAccess {
  constructor(readonly settings: FileSettings) {}

  get maxBytes(): number {
    return this.settings.maxBytes;
  }

  get canSave(): boolean {
    return !!this.settings.downloadDir;
  }

  /** Checks a save path's form up front (before fetching what would be saved). */
  checkSavePath(path: string): void {
    if (!this.settings.downloadDir) {
      throw refused("Saving files is off", "Set EWS_DOWNLOAD_DIR, or ask for the content inline.");
    }
    relativeSegments(path);
  }

  /** Reads a regular file below the upload directory, at most `maxBytes`. */
  async readUpload(path: string): Promise<{ name: string; content: Uint8Array }> {
    const dir = this.settings.uploadDir;
    if (!dir) {
      throw refused("Reading files is off", "Set EWS_UPLOAD_DIR to allow attaching local files.");
    }
    const segments = relativeSegments(path);
    const root = await realpath(dir);
    let real: string;
    try {
      real = await realpath(join(root, ...segments));
    } catch {
      throw refused(`No file ${path} in the upload directory`);
    }
    if (!inside(root, real)) {
      throw refused(`${path} leads outside the upload directory (symlink); refused`);
    }
    const notRegular = () => refused(`${path} is not a regular file (device, pipe or folder)`);
    // Checked before opening: opening a pipe or some devices blocks or has side effects.
    if (!(await lstat(real)).isFile()) throw notRegular();
    // O_NOFOLLOW: the checked path cannot be swapped for a symlink between check and open;
    // O_NONBLOCK: nor for a pipe that would hang the open.
    const handle = await open(
      real,
      constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0),
    );
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw notRegular();
      if (info.size > this.maxBytes) {
        throw refused(
          `${path} is ${info.size} bytes, over the ${this.maxBytes}-byte limit`,
          "Raise EWS_MAX_ATTACHMENT_MB or attach a smaller file.",
        );
      }
      const content = new Uint8Array(await handle.readFile());
      return { name: basename(real), content };
    } finally {
      await handle.close();
    }
  }

  /**
   * Saves bytes as a new file below the download directory (in an existing subdirectory when
   * the path has one). Returns the absolute path written.
   */
  async saveDownload(path: string, content: Uint8Array): Promise<{ path: string; size: number }> {
    const dir = this.settings.downloadDir;
    if (!dir) {
      throw refused("Saving files is off", "Set EWS_DOWNLOAD_DIR, or ask for the content inline.");
    }
    if (content.length > this.maxBytes) {
      throw refused(`The content is ${content.length} bytes, over the ${this.maxBytes}-byte limit`);
    }
    const segments = relativeSegments(path);
    const root = await realpath(dir);
    let parent: string;
    try {
      parent = await realpath(join(root, ...segments.slice(0, -1)));
    } catch {
      throw refused(`No folder ${dirname(path)} in the download directory`);
    }
    if (!inside(root, parent)) {
      throw refused(`${path} leads outside the download directory (symlink); refused`);
    }
    if (!(await lstat(parent)).isDirectory()) throw refused(`${dirname(path)} is not a folder`);
    const name = segments.at(-1)!;
    const ext = extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 0; n < 1000; n++) {
      const target = join(parent, n === 0 ? name : `${stem} (${n})${ext}`);
      try {
        // O_EXCL never overwrites and never follows a symlink planted at the target.
        const handle = await open(
          target,
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
          0o600,
        );
        try {
          await handle.writeFile(content);
        } finally {
          await handle.close();
        }
        return { path: target, size: content.length };
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") throw error;
      }
    }
    throw refused(`Too many files named ${name} in the download directory`);
  }
}

/** File access with both directories unset: tools can neither read nor write files. */
export const NO_FILE_ACCESS = new FileAccess({
  maxBytes: DEFAULT_MAX_ATTACHMENT_MB * 1024 * 1024,
});
