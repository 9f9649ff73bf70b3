/**
 * ConvertId: the same object's id in another format. EwsId (and its legacy and StoreId forms)
 * are the opaque ids this store hands out; EntryId is a MAPI-style binary (a flags header and the
 * store key) as base64, HexEntryId the same bytes as hex.
 *
 * As in Exchange, each id gets its own response message: the converted `AlternateId` whose
 * `Mailbox` is the primary SMTP address of the mailbox the id belongs to (whatever the request's
 * `Mailbox` said; Exchange only checks that it is an SMTP address), or an error for that id
 * alone (ErrorInvalidIdEmpty, ErrorInvalidIdMalformed, ErrorInvalidSmtpAddress,
 * ErrorNonExistentMailbox, ErrorAccessDenied when the acting account may not open that mailbox).
 * The object need not exist any more: converting an id only decodes it.
 */
import { findAll, x, type XmlElement } from "../../ews/xml/mod.ts";
import { decodeId, encodeId, type IdKind } from "../store/ids.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, respond } from "./response.ts";

const EWS_FORMATS = new Set(["EwsId", "EwsLegacyId", "StoreId"]);
const FORMATS = new Set([...EWS_FORMATS, "EntryId", "HexEntryId"]);
const KINDS: IdKind[] = ["item", "folder", "attachment"];
const HEADER = [0, 0, 0, 0];
const SMTP = /^[^\s@]+@[^\s@]+$/;

function toEntryBytes(kind: IdKind, mailbox: string, key: string): Uint8Array {
  return new Uint8Array([...HEADER, ...new TextEncoder().encode(`${kind}|${mailbox}|${key}`)]);
}

function fromEntryBytes(
  bytes: Uint8Array,
): { kind: IdKind; mailbox: string; key: string } | undefined {
  if (bytes.length < 5 || HEADER.some((b, i) => bytes[i] !== b)) return undefined;
  try {
    const [kind, mailbox, key, ...rest] = new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(4),
    ).split("|");
    if (rest.length || !KINDS.includes(kind as IdKind) || !mailbox?.includes("@") || !key) {
      return undefined;
    }
    return { kind: kind as IdKind, mailbox, key };
  } catch {
    return undefined;
  }
}

function decodeAny(id: string, format: string) {
  if (EWS_FORMATS.has(format)) {
    for (const kind of KINDS) {
      const decoded = decodeId(id, kind);
      if (decoded) return decoded;
    }
    return undefined;
  }
  let bytes: Uint8Array;
  if (format === "HexEntryId") {
    if (!/^([0-9a-fA-F]{2})+$/.test(id)) return undefined;
    bytes = Uint8Array.from(id.match(/../g)!, (h) => parseInt(h, 16));
  } else {
    try {
      bytes = Uint8Array.from(atob(id), (c) => c.charCodeAt(0));
    } catch {
      return undefined;
    }
  }
  return fromEntryBytes(bytes);
}

function encodeAs(format: string, kind: IdKind, mailbox: string, key: string): string {
  if (EWS_FORMATS.has(format)) return encodeId(kind, mailbox, key);
  const bytes = toEntryBytes(kind, mailbox, key);
  if (format === "HexEntryId") {
    return [...bytes].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join("");
  }
  return btoa(String.fromCharCode(...bytes));
}

function convertOne(source: XmlElement, destination: string, context: OperationContext) {
  const format = source.attrs.Format ?? "";
  if (!FORMATS.has(format) || !FORMATS.has(destination)) {
    throw new EwsError(
      "ErrorInvalidIdMalformed",
      `Id format ${FORMATS.has(format) ? destination : format} is not supported.`,
    );
  }
  if (!SMTP.test(source.attrs.Mailbox ?? "")) {
    throw new EwsError("ErrorInvalidSmtpAddress", "The SMTP address format is invalid.");
  }
  if ((source.attrs.Id ?? "").trim() === "") throw new EwsError("ErrorInvalidIdEmpty");
  const decoded = decodeAny(source.attrs.Id ?? "", format);
  if (!decoded) throw new EwsError("ErrorInvalidIdMalformed");
  const mailbox = context.organisation.mailbox(decoded.mailbox);
  if (!mailbox) throw new EwsError("ErrorNonExistentMailbox");
  if (!context.organisation.mayAccess(context.actingAs.address, mailbox.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  return [
    x("m:AlternateId", {
      "xsi:type": "t:AlternateIdType",
      Format: destination,
      Id: encodeAs(destination, decoded.kind, mailbox.address, decoded.key),
      Mailbox: mailbox.address,
    }),
  ];
}

export const convertId: OperationHandler = (request, context) => {
  const destination = request.attrs.DestinationFormat ?? "";
  const sources = findAll(request, "m:SourceIds/t:AlternateId")
    .concat(findAll(request, "m:SourceIds/t:AlternatePublicFolderId"))
    .concat(findAll(request, "m:SourceIds/t:AlternatePublicFolderItemId"));
  const messages = sources.map((source) =>
    respond("m:ConvertIdResponseMessage", () => {
      if (source.name !== "AlternateId") {
        throw new EwsError("ErrorInvalidIdMalformed", "Public folder ids are not supported.");
      }
      return convertOne(source, destination, context);
    })
  );
  return operationResponse("ConvertId", messages);
};
