import { relocateTool } from "./relocate.ts";

export const moveEmail = relocateTool("move", {
  name: "move_email",
  title: "Move emails",
  description:
    "Move messages to another folder in one request; moved messages get new ids (new_id).",
});
