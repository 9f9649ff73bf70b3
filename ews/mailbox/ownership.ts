/**
 * Ids never cross mailboxes. Every EWS request acts for one mailbox (its RequestTarget), and every
 * item, folder and attachment id it names must belong to that mailbox; otherwise the request is
 * refused before it is sent. Exchange would often carry it out (a delegate, or the service
 * account's own rights, reach the other mailbox) and the result would be labelled, and audited,
 * as the wrong mailbox.
 *
 * How an id's owner is known, cheaply:
 * - learned from replies: the ids in the reply to a request for mailbox X belong to X, once the
 *   request's own references were verified to be X's (so a listing followed by a use of its ids
 *   costs nothing extra);
 * - otherwise resolved by ONE batched ConvertId (EwsId → EwsId) per request, whose
 *   `AlternateId/@Mailbox` names each id's mailbox; answers are cached (bounded, LRU).
 * A `DistinguishedFolderId` names its mailbox in `t:Mailbox` (delegate access) or means the acting
 * account's own folder; both are checked against the target too.
 *
 * The walk covers every element whose attributes carry store ids (see ID_ATTRIBUTES), wherever it
 * sits in the request, so operations added later are covered without doing anything.
 */
import type { RequestTarget } from "../client.ts";
import { EwsError } from "../errors.ts";
import type { XmlChild, XmlElement, XmlNode } from "../xml/mod.ts";
import { TtlCache } from "./cache.ts";

/** Elements (local names) whose listed attributes hold mailbox-bound store ids. */
export const ID_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  ItemId: ["Id"],
  FolderId: ["Id"],
  AttachmentId: ["Id", "RootItemId"],
  RootItemId: ["RootItemId"],
  OccurrenceItemId: ["RecurringMasterId"],
  RecurringMasterItemId: ["OccurrenceId"],
  RecurringMasterItemIdRanges: ["Id"],
  ParentFolderId: ["Id"],
  ParentItemId: ["Id"],
  ReferenceItemId: ["Id"],
  AssociatedCalendarItemId: ["Id"],
  ContactId: ["Id"],
  MovedItemId: ["Id"],
  OldItemId: ["Id"],
  OldFolderId: ["Id"],
  OldParentFolderId: ["Id"],
  IdOfFolderToShare: ["Id"],
  SharingFolderId: ["Id"],
  ServerReplyWithMessage: ["Id"],
  SourceId: ["Id"],
  ExchangeStoreId: ["Id"],
};

/** Operations the guard does not inspect: ConvertId is how it resolves owners. */
const UNGUARDED = new Set(["ConvertId"]);

/** OOF requests name their user in `t:Mailbox/t:Address`; it must be the target too. */
const OOF_REQUESTS = new Set(["GetUserOofSettingsRequest", "SetUserOofSettingsRequest"]);

/** What a request refers to, found by one walk over it. */
export interface RequestReferences {
  ids: string[];
  /** Mailboxes named by `DistinguishedFolderId/Mailbox` and OOF `Mailbox/Address`. */
  namedMailboxes: string[];
  /** How many `DistinguishedFolderId`s name no mailbox (the acting account's own folder). */
  ownFolders: number;
}

const local = (name: string) => name.slice(name.indexOf(":") + 1);

function textOfNode(node: XmlNode): string {
  return (node.children ?? []).filter((c) => typeof c === "string" || typeof c === "number")
    .join("").trim();
}

function childNodes(node: XmlNode): XmlNode[] {
  return (node.children ?? []).filter((c: XmlChild): c is XmlNode =>
    typeof c === "object" && c !== null
  );
}

/** Collects the ids and mailbox names an outgoing operation refers to. */
export function requestReferences(operation: XmlNode): RequestReferences {
  const refs: RequestReferences = { ids: [], namedMailboxes: [], ownFolders: 0 };
  const oof = OOF_REQUESTS.has(local(operation.name));
  const walk = (node: XmlNode) => {
    const name = local(node.name);
    const attrs = ID_ATTRIBUTES[name];
    if (attrs && node.attrs) {
      for (const attr of attrs) {
        const value = node.attrs[attr];
        if (value !== undefined && value !== false) refs.ids.push(String(value));
      }
    }
    if (name === "DistinguishedFolderId") {
      const mailbox = childNodes(node).find((c) => local(c.name) === "Mailbox");
      const address = mailbox &&
        childNodes(mailbox).find((c) => local(c.name) === "EmailAddress");
      if (address) refs.namedMailboxes.push(textOfNode(address));
      else refs.ownFolders++;
    }
    if (oof && name === "Mailbox") {
      const address = childNodes(node).find((c) => local(c.name) === "Address");
      if (address) refs.namedMailboxes.push(textOfNode(address));
    }
    for (const child of childNodes(node)) walk(child);
  };
  walk(operation);
  return refs;
}

/** Every store id in a reply (for learning owners). */
export function replyIds(reply: XmlElement): string[] {
  const ids: string[] = [];
  const walk = (element: XmlElement) => {
    const attrs = ID_ATTRIBUTES[element.name];
    if (attrs) {
      for (const attr of attrs) {
        const value = element.attrs[attr];
        if (value) ids.push(value);
      }
    }
    for (const child of element.children) walk(child);
  };
  walk(reply);
  return ids;
}

/** The mailbox a request acts for. */
export function targetMailbox(target: RequestTarget): string {
  return target.impersonate ?? target.anchorMailbox;
}

/** ConvertId's answer for one id: its mailbox, or the ResponseCode Exchange gave instead. */
export type OwnerAnswer = { owner: string } | { code: string; message?: string };

/** Resolves owners of ids with one ConvertId, acting as `target`. */
export type OwnerLookup = (
  ids: string[],
  target: RequestTarget,
) => Promise<Map<string, OwnerAnswer>>;

export interface IdOwnershipOptions {
  /** Ids whose owner is remembered (default 50 000). */
  maxEntries?: number;
  /** How long an owner is remembered (default 24 h; an id never changes mailbox). */
  ttlMs?: number;
}

/**
 * The `Mailbox` we name in ConvertId requests. It is required, but for an EwsId Exchange reads the
 * mailbox from the id itself and answers with the owner's address. Naming a mailbox that cannot
 * exist (RFC 2606 `.invalid`), rather than the target, means a server that merely echoed the
 * attribute could never make a foreign id look like the target's: the echo is detected and the
 * id refused as unconfirmed.
 */
export const OWNER_PROBE_MAILBOX = "id-owner-check@ews-mcp.invalid";

/** Codes by which the looking-up account (which can open the target) says the id is elsewhere. */
const ELSEWHERE = new Set(["ErrorAccessDenied", "ErrorNonExistentMailbox"]);

/** Remembered as the "owner" of a string that is no id at all (asked once, never again). */
const NO_MAILBOX = "";

/** ConvertId codes that mean "this is not an id at all". */
const MALFORMED = /^ErrorInvalidId/;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const shortId = (id: string) => (id.length > 20 ? `${id.slice(0, 20)}…` : id);

/** The bounded cache of id → owner, and the check run before every request. */
export class IdOwnership {
  readonly #owners: TtlCache<string, string>;

  constructor(options: IdOwnershipOptions = {}) {
    this.#owners = new TtlCache(options.maxEntries ?? 50_000, options.ttlMs ?? 24 * 60 * 60_000);
  }

  /** The remembered owner of an id (lower case), if known. */
  ownerOf(id: string): string | undefined {
    return this.#owners.get(id);
  }

  /** How many ids have a known owner. */
  get size(): number {
    return this.#owners.size;
  }

  /**
   * Checks that everything `operation` refers to belongs to the target's mailbox, resolving
   * unknown ids with one ConvertId (`lookup`, acting as the target; ids it may not see are looked
   * up once more as `serviceTarget` to name their owner). Throws EwsError `wrong_mailbox` before
   * anything is sent; malformed ids pass, for Exchange to refuse per item. Returns whether the reply's ids may
   * be remembered as the target's.
   */
  async verify(
    operation: XmlNode,
    target: RequestTarget,
    lookup: OwnerLookup,
    serviceTarget?: RequestTarget,
  ): Promise<boolean> {
    if (UNGUARDED.has(local(operation.name))) return false;
    const mailbox = targetMailbox(target);
    const refs = requestReferences(operation);
    for (const named of refs.namedMailboxes) {
      if (!same(named, mailbox)) throw foreignMailbox(named, mailbox);
    }
    // Without a <t:Mailbox>, a distinguished folder is the acting account's own. A delegate acts
    // as the service account, so such a folder is the service account's, not the target's.
    if (refs.ownFolders > 0 && target.delegate) {
      throw new EwsError(
        `A request for mailbox ${mailbox} named one of the service account's own folders`,
        {
          kind: "wrong_mailbox",
          mailbox,
          hint: "This is a defect in ews-mcp: delegate requests must name the mailbox they act on.",
        },
      );
    }
    const ids = [...new Set(refs.ids.filter((id) => id.trim() !== ""))];
    const owners = new Map<string, string>();
    const malformed = new Set<string>();
    for (const id of ids) {
      const owner = this.#owners.get(id);
      if (owner === NO_MAILBOX) malformed.add(id);
      else if (owner) owners.set(id, owner);
    }
    const unknown = ids.filter((id) => !owners.has(id) && !malformed.has(id));
    if (unknown.length > 0) {
      const answers = await lookup(unknown, target);
      const unnamed = unknown.filter((id) => {
        const answer = answers.get(id);
        return answer && "code" in answer && !MALFORMED.test(answer.code);
      });
      if (unnamed.length > 0 && serviceTarget && target.impersonate) {
        // The target may not see the owner of an id that is not its own; the service account
        // may, and then we can say whose it is.
        for (const [id, answer] of await lookup(unnamed, serviceTarget)) {
          if ("owner" in answer) answers.set(id, answer);
        }
      }
      for (const id of unknown) {
        const answer = answers.get(id);
        if (!answer) {
          throw new EwsError("Exchange did not say which mailbox an id belongs to", {
            kind: "server",
            mailbox,
            hint: "Try again.",
          });
        }
        if ("owner" in answer) {
          owners.set(id, answer.owner.toLowerCase());
          this.#owners.set(id, answer.owner.toLowerCase());
          continue;
        }
        // Not an id of any mailbox, so it cannot reach one: Exchange refuses it again, per item
        // in a batch, so the other ids of the request still get their answers.
        if (MALFORMED.test(answer.code)) {
          this.#owners.set(id, NO_MAILBOX);
          continue;
        }
        throw foreignId(id, undefined, mailbox, answer.code);
      }
    }
    for (const [id, owner] of owners) {
      if (!same(owner, mailbox)) throw foreignId(id, owner, mailbox);
    }
    return Boolean(target.impersonate) || !target.delegate || ids.length > 0 ||
      refs.namedMailboxes.length > 0;
  }

  /** Remembers the ids of a reply to a verified request for `mailbox` as that mailbox's. */
  learn(reply: XmlElement, mailbox: string): void {
    const owner = mailbox.toLowerCase();
    for (const id of replyIds(reply)) this.#owners.set(id, owner);
  }

  clear(): void {
    this.#owners.clear();
  }
}

function foreignId(
  id: string,
  owner: string | undefined,
  mailbox: string,
  responseCode?: string,
): EwsError {
  if (!owner && !ELSEWHERE.has(responseCode ?? "")) {
    return new EwsError(
      `Refused: Exchange did not confirm that the id ${shortId(id)} belongs to mailbox ` +
        `${mailbox}, the mailbox this call acts on (${responseCode})`,
      {
        kind: "wrong_mailbox",
        mailbox,
        hint:
          "Use ids obtained from this mailbox in this session (list it first). Nothing was sent.",
      },
    );
  }
  const whose = owner
    ? `belongs to mailbox ${owner}`
    : `belongs to a mailbox other than ${mailbox} that Exchange did not name (${responseCode})`;
  return new EwsError(
    `Refused: the id ${shortId(id)} ${whose}, but this call acts on mailbox ${mailbox}`,
    {
      kind: "wrong_mailbox",
      mailbox,
      idOwner: owner,
      hint: owner
        ? `Pass target_mailbox=${owner} to work in that mailbox. Nothing was sent.`
        : "Use ids obtained from this mailbox. Nothing was sent.",
    },
  );
}

function foreignMailbox(named: string, mailbox: string): EwsError {
  return new EwsError(
    `Refused: the request names mailbox ${named}, but this call acts on mailbox ${mailbox}`,
    {
      kind: "wrong_mailbox",
      mailbox,
      idOwner: named.toLowerCase(),
      hint: `Pass target_mailbox=${named} to work in that mailbox. Nothing was sent.`,
    },
  );
}
