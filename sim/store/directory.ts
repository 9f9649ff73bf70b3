/**
 * The organisation's directory beyond mailboxes: room lists (which rooms can be booked) and
 * distribution lists (which may nest). Kept per organisation beside it, so the organisation
 * class stays about mailboxes and rights.
 */
import type { Organisation } from "./organisation.ts";

export interface RoomList {
  address: string;
  name: string;
  /** Room mailbox addresses. */
  rooms: string[];
}

export interface DistributionList {
  address: string;
  name: string;
  /** Mailbox or distribution list addresses, or external addresses. */
  members: string[];
}

export interface Directory {
  roomLists: RoomList[];
  distributionLists: DistributionList[];
}

const directories = new WeakMap<Organisation, Directory>();

export function directoryOf(organisation: Organisation): Directory {
  let directory = directories.get(organisation);
  if (!directory) {
    directories.set(organisation, directory = { roomLists: [], distributionLists: [] });
  }
  return directory;
}

/** Whether an address is a room (a mailbox on some room list). */
export function isRoom(organisation: Organisation, address: string): boolean {
  const a = address.toLowerCase();
  return directoryOf(organisation).roomLists.some((l) => l.rooms.includes(a));
}

export function distributionList(
  organisation: Organisation,
  address: string,
): DistributionList | undefined {
  const a = address.trim().toLowerCase();
  return directoryOf(organisation).distributionLists.find((l) => l.address === a);
}
