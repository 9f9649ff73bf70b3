/** Contacts and the directory: personal contacts, name resolution, distribution lists. */
import type { ToolModule } from "../tool.ts";
import { createContact } from "./create_contact.ts";
import { deleteContact } from "./delete_contact.ts";
import { expandDistributionListTool } from "./expand_distribution_list.ts";
import { getContact } from "./get_contact.ts";
import { resolveNames } from "./resolve_names.ts";
import { searchContacts } from "./search_contacts.ts";
import { updateContact } from "./update_contact.ts";

export const contactTools: ToolModule = {
  area: "contacts",
  tools: [
    searchContacts,
    getContact,
    createContact,
    updateContact,
    deleteContact,
    resolveNames,
    expandDistributionListTool,
  ],
};
