/** GetRoomLists and GetRooms: the organisation's room lists and the rooms on each. */
import { find, x, type XmlNode } from "../../ews/xml/mod.ts";
import { directoryOf } from "../store/directory.ts";
import type { Organisation } from "../store/organisation.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { errorMessage, successMessage } from "./response.ts";

/** An `t:EmailAddressType` body (Name, EmailAddress, RoutingType, MailboxType). */
export function addressElement(
  name: string,
  display: string,
  address: string,
  mailboxType: string,
): XmlNode {
  return x(
    name,
    null,
    x("t:Name", null, display),
    x("t:EmailAddress", null, address),
    x("t:RoutingType", null, "SMTP"),
    x("t:MailboxType", null, mailboxType),
  );
}

export const getRoomLists: OperationHandler = (_request, context) =>
  successMessage(
    "m:GetRoomListsResponse",
    x(
      "m:RoomLists",
      null,
      ...directoryOf(context.organisation).roomLists.map((l) =>
        addressElement("t:Address", l.name, l.address, "PublicDL")
      ),
    ),
  );

function roomName(organisation: Organisation, address: string): string {
  return organisation.mailbox(address)?.displayName ?? address;
}

export const getRooms: OperationHandler = (request, context) => {
  const address = find(request, "m:RoomList/t:EmailAddress")?.text.trim().toLowerCase() ?? "";
  const list = directoryOf(context.organisation).roomLists.find((l) => l.address === address);
  if (!list) {
    return errorMessage("m:GetRoomsResponse", new EwsError("ErrorNameResolutionNoResults"));
  }
  return successMessage(
    "m:GetRoomsResponse",
    x(
      "m:Rooms",
      null,
      ...list.rooms.map((room) =>
        x(
          "t:Room",
          null,
          addressElement("t:Id", roomName(context.organisation, room), room, "Mailbox"),
        )
      ),
    ),
  );
};
