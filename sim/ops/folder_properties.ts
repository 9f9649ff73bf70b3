/**
 * Folder properties and `m:FolderShape`, in schema order (BaseFolderType, then the concrete
 * folder type), like item_properties.ts for items.
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import { ALL_RIGHTS, type FolderRights } from "../store/permissions.ts";
import type { Folder } from "../store/types.ts";
import { EwsError } from "./errors.ts";
import { folderIdAttrs } from "./targets.ts";
import type { PropertyValue } from "./item_properties.ts";

export interface FolderProperty {
  uri: string;
  inDefault: boolean;
  /** `rights`: what the requesting user holds on the folder (all, when not given). */
  render(folder: Folder, mailbox: Mailbox, rights?: FolderRights): XmlNode | undefined;
  value?(folder: Folder, mailbox: Mailbox): PropertyValue;
}

const hasUnreadCount = (f: Folder) => f.kind === "Folder" || f.kind === "TasksFolder";
const total = (f: Folder, m: Mailbox) => m.itemsIn(f.key).length;
const unread = (f: Folder, m: Mailbox) => m.itemsIn(f.key).filter((i) => !i.isRead).length;

export const FOLDER_PROPERTIES: readonly FolderProperty[] = [
  {
    uri: "folder:FolderId",
    inDefault: true,
    render: (f, m) => x("t:FolderId", folderIdAttrs(m, f)),
  },
  {
    uri: "folder:ParentFolderId",
    inDefault: false,
    render: (f, m) => {
      const parent = f.parentKey ? m.folder(f.parentKey) : undefined;
      return parent && x("t:ParentFolderId", folderIdAttrs(m, parent));
    },
  },
  {
    uri: "folder:FolderClass",
    inDefault: false,
    render: (f) => f.folderClass ? x("t:FolderClass", null, f.folderClass) : undefined,
    value: (f) => f.folderClass,
  },
  {
    uri: "folder:DisplayName",
    inDefault: true,
    render: (f) => x("t:DisplayName", null, f.displayName),
    value: (f) => f.displayName,
  },
  {
    uri: "folder:TotalCount",
    inDefault: true,
    render: (f, m) => x("t:TotalCount", null, String(total(f, m))),
    value: total,
  },
  {
    uri: "folder:ChildFolderCount",
    inDefault: true,
    render: (f, m) => x("t:ChildFolderCount", null, String(m.childFolders(f.key).length)),
    value: (f, m) => m.childFolders(f.key).length,
  },
  {
    uri: "folder:EffectiveRights",
    inDefault: false,
    render: (_f, _m, rights = ALL_RIGHTS) =>
      x(
        "t:EffectiveRights",
        null,
        x("t:CreateAssociated", null, String(rights.isFolderOwner)),
        x("t:CreateContents", null, String(rights.canCreateItems)),
        x("t:CreateHierarchy", null, String(rights.canCreateSubFolders)),
        x("t:Delete", null, String(rights.isFolderOwner)),
        x("t:Modify", null, String(rights.isFolderOwner)),
        x("t:Read", null, String(rights.readItems)),
        x("t:ViewPrivateItems", null, String(rights === ALL_RIGHTS)),
      ),
  },
  {
    uri: "folder:DistinguishedFolderId",
    inDefault: false,
    render: (f) =>
      f.distinguishedId ? x("t:DistinguishedFolderId", null, f.distinguishedId) : undefined,
  },
  {
    uri: "folder:UnreadCount",
    inDefault: true,
    render: (f, m) =>
      hasUnreadCount(f) ? x("t:UnreadCount", null, String(unread(f, m))) : undefined,
    value: (f, m) => hasUnreadCount(f) ? unread(f, m) : undefined,
  },
];

export const FOLDER_PROPERTY_BY_URI: ReadonlyMap<string, FolderProperty> = new Map(
  FOLDER_PROPERTIES.map((p) => [p.uri, p]),
);

export interface FolderShape {
  properties: FolderProperty[];
}

/** Parses `m:FolderShape`. Folder properties not held here are left out; item ones are errors. */
export function parseFolderShape(element: XmlElement | undefined): FolderShape {
  const base = find(element, "t:BaseShape")?.text.trim() ?? "IdOnly";
  if (base !== "IdOnly" && base !== "Default" && base !== "AllProperties") {
    throw new EwsError("ErrorInvalidRequest", `Invalid BaseShape ${base}.`);
  }
  const wanted = new Set<string>(["folder:FolderId"]);
  for (const p of FOLDER_PROPERTIES) {
    if (base === "AllProperties" || (base === "Default" && p.inDefault)) wanted.add(p.uri);
  }
  for (const child of find(element, "t:AdditionalProperties")?.children ?? []) {
    if (child.name !== "FieldURI") continue;
    const uri = child.attrs.FieldURI ?? "";
    if (FOLDER_PROPERTY_BY_URI.has(uri)) wanted.add(uri);
    else if (uri.split(":")[0] !== "folder") {
      throw new EwsError("ErrorInvalidPropertyRequest", undefined, [
        x("t:FieldURI", { FieldURI: uri }),
      ]);
    }
  }
  return { properties: FOLDER_PROPERTIES.filter((p) => wanted.has(p.uri)) };
}

/** Renders a folder as the element of its kind (`t:Folder`, `t:CalendarFolder`, ...). */
export function renderFolder(
  folder: Folder,
  mailbox: Mailbox,
  shape: FolderShape,
  rights?: FolderRights,
): XmlNode {
  return x(
    `t:${folder.kind}`,
    null,
    ...shape.properties.map((p) => p.render(folder, mailbox, rights)),
  );
}
