/**
 * A message's whole thread across folders: GetItem for its ConversationId, then
 * GetConversationItems (Exchange 2013+) for every message of it, oldest first.
 */
import type { EwsClient } from "../client.ts";
import { distinguishedFolderId, type MailboxContext } from "../mailbox/context.ts";
import { singleResponse } from "../soap/reply.ts";
import type { BodyFormat, Message } from "../types.ts";
import { find, findAll, x } from "../xml/mod.ts";
import { EwsError } from "../errors.ts";
import { rememberItemId } from "./change_keys.ts";
import { SUMMARY_FIELDS } from "./items.ts";
import { readMessage } from "./read_item.ts";

export interface ConversationOptions {
  body?: BodyFormat;
  uniqueBody?: boolean;
  includeDeleted: boolean;
  maxItems: number;
}

export async function getConversation(
  client: EwsClient,
  ctx: MailboxContext,
  itemId: string,
  options: ConversationOptions,
): Promise<{ conversationId: string; messages: Message[] }> {
  const first = await client.call(
    x(
      "m:GetItem",
      null,
      x(
        "m:ItemShape",
        null,
        x("t:BaseShape", null, "IdOnly"),
        x("t:AdditionalProperties", null, x("t:FieldURI", { FieldURI: "item:ConversationId" })),
      ),
      x("m:ItemIds", null, x("t:ItemId", { Id: itemId })),
    ),
    ctx.target,
    { idempotent: true },
  );
  const conversationId = find(singleResponse(first, ctx.mailbox).element, "m:Items")
    ?.children[0]?.children.find((c) => c.name === "ConversationId")?.attrs.Id;
  if (!conversationId) {
    throw new EwsError("This message belongs to no conversation", { kind: "not_found" });
  }
  const bodyType = options.body === "html" ? "HTML" : "Text";
  const bodyField = options.uniqueBody ? "item:UniqueBody" : "item:Body";
  const reply = await client.call(
    x(
      "m:GetConversationItems",
      null,
      x(
        "m:ItemShape",
        null,
        x("t:BaseShape", null, "IdOnly"),
        options.body && x("t:BodyType", null, bodyType),
        options.body && options.uniqueBody && x("t:UniqueBodyType", null, bodyType),
        x(
          "t:AdditionalProperties",
          null,
          [...SUMMARY_FIELDS, "item:DateTimeSent", ...(options.body ? [bodyField] : [])].map((
            uri,
          ) => x("t:FieldURI", { FieldURI: uri })),
        ),
      ),
      !options.includeDeleted &&
        x("m:FoldersToIgnore", null, distinguishedFolderId(ctx, "deleteditems")),
      x("m:MaxItemsToReturn", null, options.maxItems),
      x("m:SortOrder", null, "DateOrderAscending"),
      x(
        "m:Conversations",
        null,
        x("t:Conversation", null, x("t:ConversationId", { Id: conversationId })),
      ),
    ),
    ctx.target,
    { idempotent: true },
  );
  const message = singleResponse(reply, ctx.mailbox);
  const items = findAll(
    message.element,
    "m:Conversation/t:ConversationNodes/t:ConversationNode/t:Items",
  ).flatMap((list) => list.children);
  return {
    conversationId,
    messages: items.map((item) => {
      rememberItemId(client, find(item, "t:ItemId"));
      return readMessage(item);
    }),
  };
}
