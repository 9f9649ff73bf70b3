/** Room lists and their rooms (GetRoomLists, GetRooms). */
import type { EwsClient } from "../client.ts";
import { errorFromResponseCode } from "../errors.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { readResponseMessage } from "../soap/reply.ts";
import type { EmailAddress } from "../types.ts";
import { findAll, textOf, x, type XmlElement } from "../xml/mod.ts";

const address = (el: XmlElement): EmailAddress => {
  const email = textOf(el, "t:EmailAddress") ?? "";
  const name = textOf(el, "t:Name");
  return name && name !== email ? { name, email } : { email };
};

function check(body: XmlElement, mailbox: string): void {
  const status = readResponseMessage(body);
  if (status.responseClass === "Error") {
    throw errorFromResponseCode(status.responseCode, status.messageText, { mailbox });
  }
}

export async function getRoomLists(
  client: EwsClient,
  ctx: MailboxContext,
): Promise<EmailAddress[]> {
  const reply = await client.call(x("m:GetRoomLists"), ctx.target, { idempotent: true });
  check(reply.body, ctx.mailbox);
  return findAll(reply.body, "m:RoomLists/t:Address").map(address);
}

export async function getRooms(
  client: EwsClient,
  ctx: MailboxContext,
  roomList: string,
): Promise<EmailAddress[]> {
  const reply = await client.call(
    x("m:GetRooms", null, x("m:RoomList", null, x("t:EmailAddress", null, roomList))),
    ctx.target,
    { idempotent: true },
  );
  check(reply.body, ctx.mailbox);
  return findAll(reply.body, "m:Rooms/t:Room/t:Id").map(address);
}
