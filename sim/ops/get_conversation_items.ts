/**
 * GetConversationItems: every message of a conversation in the mailbox, across folders, as
 * conversation nodes (one per Internet message id, with its parent). A conversation here is the
 * messages that share a conversation topic, which is what the ConversationId encodes.
 */
import { find, findAll, x, type XmlElement } from "../../ews/xml/mod.ts";
import { decodeId } from "../store/ids.ts";
import type { MessageItem } from "../store/types.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { conversationId } from "./item_properties.ts";
import { parseItemShape, renderItem } from "./item_shape.ts";
import { operationResponse, respond } from "./response.ts";
import type { Mailbox } from "../store/mailbox.ts";

/**
 * The key of a folder to leave out. Naming a folder only narrows the answer, so it needs no
 * right to open that folder (a delegate may exclude Deleted Items it cannot read).
 */
function ignoredFolderKey(element: XmlElement, mailbox: Mailbox): string | undefined {
  if (element.name === "DistinguishedFolderId") return element.attrs.Id;
  const decoded = decodeId(element.attrs.Id ?? "", "folder");
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  return decoded.mailbox === mailbox.address ? decoded.key : undefined;
}

function conversationOf(request: XmlElement, conversation: XmlElement, context: OperationContext) {
  const shape = parseItemShape(find(request, "m:ItemShape"), false);
  const raw = find(conversation, "t:ConversationId")?.attrs.Id ?? "";
  const decoded = decodeId(raw, "item");
  if (!decoded || !decoded.key.startsWith("conv-")) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorItemNotFound");
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  const ignored = new Set(
    (find(request, "m:FoldersToIgnore")?.children ?? []).map((f) => ignoredFolderKey(f, mailbox)),
  );
  const sortOrder = find(request, "m:SortOrder")?.text.trim() ?? "DateOrderAscending";
  const max = Number(find(request, "m:MaxItemsToReturn")?.text ?? "100");
  const items = [...mailbox.items.values()].filter((item: MessageItem) =>
    conversationId(item, mailbox) === raw && !ignored.has(item.folderKey)
  ).sort((a, b) => a.dateTimeSent.getTime() - b.dateTimeSent.getTime());
  if (sortOrder.endsWith("Descending")) items.reverse();
  const byMessageId = new Map<string, MessageItem[]>();
  for (const item of items.slice(0, max)) {
    const list = byMessageId.get(item.internetMessageId) ?? [];
    list.push(item);
    byMessageId.set(item.internetMessageId, list);
  }
  const nodes = [...byMessageId.entries()].map(([messageId, list]) =>
    x(
      "t:ConversationNode",
      null,
      x("t:InternetMessageId", null, messageId),
      list[0].inReplyTo && x("t:ParentInternetMessageId", null, list[0].inReplyTo),
      x("t:Items", null, ...list.map((item) => renderItem(item, shape, { mailbox }))),
    )
  );
  if (nodes.length === 0) throw new EwsError("ErrorItemNotFound");
  return [
    x(
      "m:Conversation",
      null,
      x("t:ConversationId", { Id: raw }),
      x("t:ConversationNodes", null, ...nodes),
    ),
  ];
}

export const getConversationItems: OperationHandler = (request, context) =>
  operationResponse(
    "GetConversationItems",
    findAll(request, "m:Conversations/t:Conversation").map((conversation) =>
      respond(
        "m:GetConversationItemsResponseMessage",
        () => conversationOf(request, conversation, context),
      )
    ),
  );
