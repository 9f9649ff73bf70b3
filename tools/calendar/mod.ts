/** Calendar: events, meetings and their responses, availability, rooms. */
import type { ToolModule } from "../tool.ts";
import { checkAvailability } from "./check_availability.ts";
import { createAppointment } from "./create_appointment.ts";
import { deleteAppointment } from "./delete_appointment.ts";
import { findMeetingTimes } from "./find_meeting_times.ts";
import { getAppointment } from "./get_appointment.ts";
import { getCalendar } from "./get_calendar.ts";
import { listRooms } from "./list_rooms.ts";
import { respondToMeeting } from "./respond_to_meeting.ts";
import { updateAppointment } from "./update_appointment.ts";

export const calendarTools: ToolModule = {
  area: "calendar",
  tools: [
    getCalendar,
    getAppointment,
    createAppointment,
    updateAppointment,
    deleteAppointment,
    respondToMeeting,
    checkAvailability,
    findMeetingTimes,
    listRooms,
  ],
};
