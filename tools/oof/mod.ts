/** Out of office: automatic replies. */
import type { ToolModule } from "../tool.ts";
import { getOofSettingsTool } from "./get_oof_settings.ts";
import { setOofSettingsTool } from "./set_oof_settings.ts";

export const oofTools: ToolModule = {
  area: "oof",
  tools: [getOofSettingsTool, setOofSettingsTool],
};
