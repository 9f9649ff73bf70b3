/** Shared helpers for the simulator tests: building SOAP requests and posting them. */
import {
  find,
  NS,
  parseXml,
  renderXmlDocument,
  x,
  type XmlElement,
  type XmlNode,
} from "../../ews/xml/mod.ts";
import {
  demoOrganisation,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../../sim/mod.ts";

/** Demo data dated back from a fixed moment, so orders and counts are stable. */
export const BASE_DATE = new Date("2025-06-02T09:00:00Z");

export const ALEX = { user: "alex@contoso.test", password: "Demo-Pass-1" };
export const PAT = { user: "pat@contoso.test", password: "Demo-Pass-2" };

export function basic(user: string, password: string): string {
  return `Basic ${btoa(`${user}:${password}`)}`;
}

/** A SOAP request with `s:`/`m:`/`t:` prefixes, an Exchange2016 version header and extra headers. */
export function envelope(body: XmlNode, headers: XmlNode[] = []): string {
  return renderXmlDocument(
    x(
      "s:Envelope",
      { "xmlns:s": NS.soap, "xmlns:m": NS.messages, "xmlns:t": NS.types },
      x("s:Header", null, x("t:RequestServerVersion", { Version: "Exchange2016" }), ...headers),
      x("s:Body", null, body),
    ),
  );
}

export function impersonating(address: string): XmlNode {
  return x(
    "t:ExchangeImpersonation",
    null,
    x("t:ConnectingSID", null, x("t:PrimarySmtpAddress", null, address)),
  );
}

export interface Reply {
  status: number;
  text: string;
  xml: XmlElement;
  /** The operation response element (`m:FindItemResponse`, ...) or the `s:Fault`. */
  body: XmlElement;
}

export async function post(
  sim: RunningSimulator,
  document: string,
  credentials: { user: string; password: string } = ALEX,
): Promise<Reply> {
  const response = await fetch(sim.url, {
    method: "POST",
    headers: {
      "Content-Type": "text/xml; charset=utf-8",
      Authorization: basic(credentials.user, credentials.password),
    },
    body: document,
  });
  const text = await response.text();
  const xml = parseXml(text);
  return { status: response.status, text, xml, body: find(xml, "s:Body")!.children[0] };
}

/** Posts a request body (wrapped in an envelope) and returns the reply. */
export function call(
  sim: RunningSimulator,
  body: XmlNode,
  options: { headers?: XmlNode[]; as?: { user: string; password: string } } = {},
): Promise<Reply> {
  return post(sim, envelope(body, options.headers), options.as);
}

/** The `m:ResponseMessages` children of an operation reply. */
export function messages(reply: Reply): XmlElement[] {
  return find(reply.body, "m:ResponseMessages")?.children ?? [];
}

export function responseCode(message: XmlElement): string | undefined {
  return find(message, "m:ResponseCode")?.text;
}

/** Starts a simulator over the demo organisation with the fixed base date, and closes it after. */
export async function withSimulator(
  run: (sim: RunningSimulator) => Promise<void>,
  options: SimulatorOptions = {},
): Promise<void> {
  const sim = await startSimulator({
    organisation: demoOrganisation({ baseDate: BASE_DATE, now: () => new Date(BASE_DATE) }),
    ...options,
  });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

export const folderId = (id: string, mailbox?: string): XmlNode =>
  x(
    "t:DistinguishedFolderId",
    { Id: id },
    mailbox && x("t:Mailbox", null, x("t:EmailAddress", null, mailbox)),
  );

export function findItem(
  folder: XmlNode,
  options: {
    shape?: string;
    view?: XmlNode;
    restriction?: XmlNode;
    sort?: XmlNode;
    properties?: string[];
  } = {},
): XmlNode {
  return x(
    "m:FindItem",
    { Traversal: "Shallow" },
    x(
      "m:ItemShape",
      null,
      x("t:BaseShape", null, options.shape ?? "Default"),
      options.properties &&
        x(
          "t:AdditionalProperties",
          null,
          ...options.properties.map((uri) => x("t:FieldURI", { FieldURI: uri })),
        ),
    ),
    options.view,
    options.restriction && x("m:Restriction", null, options.restriction),
    options.sort && x("m:SortOrder", null, options.sort),
    x("m:ParentFolderIds", null, folder),
  );
}

export function getItem(
  ids: string[],
  options: { shape?: string; mime?: boolean; bodyType?: string; properties?: string[] } = {},
): XmlNode {
  return x(
    "m:GetItem",
    null,
    x(
      "m:ItemShape",
      null,
      x("t:BaseShape", null, options.shape ?? "Default"),
      options.mime && x("t:IncludeMimeContent", null, "true"),
      options.bodyType && x("t:BodyType", null, options.bodyType),
      options.properties &&
        x(
          "t:AdditionalProperties",
          null,
          ...options.properties.map((uri) => x("t:FieldURI", { FieldURI: uri })),
        ),
    ),
    x("m:ItemIds", null, ...ids.map((id) => x("t:ItemId", { Id: id }))),
  );
}

/** CreateItem of items, with the request's attributes, saved in `folder` when one is named. */
export function createItem(
  items: XmlNode[],
  attrs: Record<string, string>,
  folder?: XmlNode,
): XmlNode {
  return x(
    "m:CreateItem",
    attrs,
    folder && x("m:SavedItemFolderId", null, folder),
    x("m:Items", null, ...items),
  );
}

/**
 * UpdateItem of one item (an id, or id and change key) with these changes; SaveOnly and
 * AutoResolve unless `attrs` say otherwise (an attribute given as undefined is left out).
 */
export function updateItem(
  id: string | { Id: string; ChangeKey?: string },
  updates: XmlNode[],
  attrs: Record<string, string | undefined> = {},
): XmlNode {
  const all = { MessageDisposition: "SaveOnly", ConflictResolution: "AutoResolve", ...attrs };
  return x(
    "m:UpdateItem",
    Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >,
    x(
      "m:ItemChanges",
      null,
      x(
        "t:ItemChange",
        null,
        x("t:ItemId", typeof id === "string" ? { Id: id } : id),
        x("t:Updates", null, ...updates),
      ),
    ),
  );
}

/** A SetItemField change of a FieldURI, its value inside the item element (`t:Message`). */
export function setFieldChange(uri: string, value: XmlNode, element = "t:Message"): XmlNode {
  return x("t:SetItemField", null, x("t:FieldURI", { FieldURI: uri }), x(element, null, value));
}

/** Subjects of the `t:Message` elements of a FindItem/GetItem response message. */
export function subjects(message: XmlElement): string[] {
  const items = find(message, "m:RootFolder/t:Items") ?? find(message, "m:Items");
  return (items?.children ?? []).map((m) => find(m, "t:Subject")?.text ?? "");
}

export function itemIds(message: XmlElement): string[] {
  const items = find(message, "m:RootFolder/t:Items") ?? find(message, "m:Items");
  return (items?.children ?? []).map((m) => find(m, "t:ItemId")!.attrs.Id);
}

/** An UpdateItem that sets one field of one item; `item` carries the value (`t:Task`, …). */
export function setItemField(
  id: string,
  uri: string,
  item: XmlNode,
  attrs: Record<string, string> = { ConflictResolution: "AlwaysOverwrite" },
): XmlNode {
  const change = x("t:SetItemField", null, x("t:FieldURI", { FieldURI: uri }), item);
  return updateItem(id, [change], { MessageDisposition: undefined, ...attrs });
}
