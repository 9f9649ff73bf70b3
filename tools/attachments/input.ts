/**
 * Attachments as tools take them (send_email, add_attachment, and any tool that creates mail):
 * one shared input schema and one loader that turns it into bytes, from base64 or from a file
 * below EWS_UPLOAD_DIR, within the size cap.
 */
import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";
import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import type { NewAttachment } from "../../ews/types.ts";
import { type FileAccess, NO_FILE_ACCESS } from "../files.ts";

/** 150 MB (the highest EWS_MAX_ATTACHMENT_MB) as base64. */
const MAX_BASE64_CHARS = Math.ceil((150 * 1024 * 1024) / 3) * 4;

export const attachmentInput = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  content_base64: z.string().max(MAX_BASE64_CHARS).optional(),
  file_path: z.string().trim().min(1).max(1024).optional(),
  content_type: z.string().trim().max(255).optional(),
}).strict();

export const attachmentsInput = z.array(attachmentInput).max(20);

export type AttachmentInput = z.infer<typeof attachmentInput>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function invalid(message: string, hint?: string): EwsError {
  return new EwsError(message, { kind: "invalid_input", hint });
}

/** Reads every attachment (files, base64) before anything is sent; refuses over the cap. */
export async function loadAttachments(
  inputs: AttachmentInput[] | undefined,
  files: FileAccess = NO_FILE_ACCESS,
): Promise<NewAttachment[]> {
  const out: NewAttachment[] = [];
  for (const [i, input] of (inputs ?? []).entries()) {
    const label = input.name ?? input.file_path ?? `attachment ${i + 1}`;
    if ((input.content_base64 === undefined) === (input.file_path === undefined)) {
      throw invalid(`${label}: give exactly one of content_base64 and file_path`);
    }
    let name = input.name;
    let content: Uint8Array;
    if (input.file_path !== undefined) {
      const file = await files.readUpload(input.file_path);
      name ??= file.name;
      content = file.content;
    } else {
      const text = input.content_base64!.replace(/\s+/g, "");
      if (!BASE64.test(text) || text.length % 4 !== 0) {
        throw invalid(`${label}: content_base64 is not valid base64`);
      }
      if (!name) throw invalid(`Attachment ${i + 1}: name is required with content_base64`);
      content = new Uint8Array(Buffer.from(text, "base64"));
    }
    if (content.length > files.maxBytes) {
      throw invalid(
        `${label} is ${content.length} bytes, over the ${files.maxBytes}-byte limit`,
        "Raise EWS_MAX_ATTACHMENT_MB or send a smaller file.",
      );
    }
    out.push({
      name: name!,
      content,
      contentType: input.content_type,
    });
  }
  return out;
}

/** What identifies attachments for idempotency (names, types and a digest, not the bytes). */
export function attachmentFingerprint(attachments: NewAttachment[]): unknown[] {
  return attachments.map((a) => ({
    name: a.name,
    type: a.contentType,
    sha256: createHash("sha256").update(a.content).digest("hex"),
  }));
}
