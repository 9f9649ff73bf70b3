/** Output shapes shared by the attachment tools. */
import { z } from "zod";
import type { AttachmentEntry } from "../../ews/types.ts";

export const attachmentEntry = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["file", "item"]).describe("item: an attached message."),
  content_type: z.string().optional(),
  size: z.number().int().optional(),
  is_inline: z.boolean(),
});

export function entryOf(a: AttachmentEntry): z.infer<typeof attachmentEntry> {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    ...(a.contentType ? { content_type: a.contentType } : {}),
    ...(a.size !== undefined ? { size: a.size } : {}),
    is_inline: a.isInline,
  };
}

/** Largest content returned inline (base64 or MIME text) instead of saved to a file. */
export const INLINE_LIMIT_BYTES = 1024 * 1024;
