/**
 * GetServerTimeZones: Windows time zone definitions (periods and yearly transitions), built from
 * the IANA rules of each zone's representative location for the current year. Clients such as
 * exchangelib ask for one before GetUserAvailability, to write its `t:TimeZone`.
 */
import { findAll, x, type XmlNode } from "../../ews/xml/mod.ts";
import { WINDOWS_TO_IANA } from "../../ews/timezones_data.ts";
import { DAY_NAMES } from "../store/calendar.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, respond } from "./response.ts";
import { serializableFromIana } from "./serializable_time_zone.ts";

function duration(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const m = Math.abs(minutes);
  return `${sign}PT${Math.floor(m / 60)}H${m % 60 ? `${m % 60}M` : ""}`;
}

function definition(id: string, full: boolean): XmlNode {
  const zone = serializableFromIana(WINDOWS_TO_IANA[id], new Date().getUTCFullYear());
  if (!full) return x("t:TimeZoneDefinition", { Id: id, Name: id });
  const period = (name: string) => `trule:Microsoft/Registry/${id}/${name}`;
  const hasDst = zone.daylight.month > 0;
  const to = (kind: string, value: string) => x("t:To", { Kind: kind }, value);
  const rule = (name: string, t: typeof zone.standard) =>
    x(
      "t:RecurringDayTransition",
      null,
      to("Period", period(name)),
      x("t:TimeOffset", null, duration(t.time)),
      x("t:Month", null, t.month),
      x("t:DayOfWeek", null, DAY_NAMES[t.dayOfWeek]),
      x("t:Occurrence", null, t.dayOrder === 5 ? -1 : t.dayOrder),
    );
  return x(
    "t:TimeZoneDefinition",
    { Id: id, Name: id },
    x(
      "t:Periods",
      null,
      x("t:Period", {
        Bias: duration(zone.bias + zone.standard.bias),
        Name: "Standard",
        Id: period("Standard"),
      }),
      hasDst &&
        x("t:Period", {
          Bias: duration(zone.bias + zone.daylight.bias),
          Name: "Daylight",
          Id: period("Daylight"),
        }),
    ),
    x(
      "t:TransitionsGroups",
      null,
      x(
        "t:TransitionsGroup",
        { Id: "0" },
        hasDst
          ? [rule("Daylight", zone.daylight), rule("Standard", zone.standard)]
          : x("t:Transition", null, to("Period", period("Standard"))),
      ),
    ),
    x("t:Transitions", null, x("t:Transition", null, to("Group", "0"))),
  );
}

export const getServerTimeZones: OperationHandler = (request) => {
  const full = request.attrs.ReturnFullTimeZoneData !== "false";
  const ids = findAll(request, "m:Ids/t:Id").map((id) => id.text.trim());
  return operationResponse("GetServerTimeZones", [
    respond("m:GetServerTimeZonesResponseMessage", () => {
      const wanted = ids.length > 0 ? ids : Object.keys(WINDOWS_TO_IANA);
      for (const id of wanted) {
        if (!(id in WINDOWS_TO_IANA)) {
          throw new EwsError("ErrorTimeZone", `The time zone ${id} is not known.`);
        }
      }
      return [x("m:TimeZoneDefinitions", null, ...wanted.map((id) => definition(id, full)))];
    }, () => [x("m:TimeZoneDefinitions")]),
  ]);
};
