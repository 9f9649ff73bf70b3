import { relocateTool } from "./relocate.ts";

export const copyEmail = relocateTool("copy", {
  name: "copy_email",
  title: "Copy emails",
  description:
    "Copy messages into another folder in one request; originals stay, copies' ids are in new_id.",
});
