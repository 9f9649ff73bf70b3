import { z } from "zod";
import { getRoomLists, getRooms } from "../../ews/ops/rooms.ts";
import { emailAddress } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const listRooms = defineTool({
  name: "list_rooms",
  title: "List rooms",
  description:
    "The organisation's room lists and their rooms. Check a room with check_availability, " +
    "then book it as a resource of create_appointment.",
  input: withTarget({
    room_list: z.email().max(320).optional(),
  }),
  output: withMailbox({
    room_lists: z.array(emailAddress.extend({ rooms: z.array(emailAddress) })),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const lists = args.room_list
      ? [{ email: args.room_list }]
      : await getRoomLists(client, mailbox);
    const room_lists = [];
    for (const list of lists) {
      room_lists.push({ ...list, rooms: await getRooms(client, mailbox, list.email) });
    }
    return { room_lists };
  },
});
