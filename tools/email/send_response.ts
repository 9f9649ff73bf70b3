/** Sending a reply or forward at most once per idempotency key (see tools/idempotency.ts). */
import { respondToMessage, type ResponseRequest } from "../../ews/ops/responses.ts";
import { findMarked } from "../../ews/ops/idempotency_marks.ts";
import { sendOnce } from "../idempotency.ts";
import type { ToolContext } from "../tool.ts";

/** Sends `request`; a key already used (here, or found in Sent Items) sends nothing again. */
export function sendResponseOnce(
  { client, mailbox }: ToolContext,
  key: string | undefined,
  response: Omit<ResponseRequest, "draft">,
) {
  const request = { ...response, draft: false };
  const sent = () => ({ sent: true as const });
  return sendOnce(
    {
      mailbox: mailbox.mailbox,
      key,
      content: request,
      scope: client,
      lookup: { find: (mark) => findMarked(client, mailbox, "sentitems", mark), rebuild: sent },
    },
    async (mark) => {
      await respondToMessage(client, mailbox, request, mark);
      return sent();
    },
  );
}
