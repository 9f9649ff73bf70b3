/** Plain data of calendar operations (events, attendees, recurrence, availability). */
import type { EmailAddress } from "./types.ts";

export type ResponseType =
  | "Unknown"
  | "Organizer"
  | "Tentative"
  | "Accept"
  | "Decline"
  | "NoResponseReceived";
export type ShowAs = "Free" | "Tentative" | "Busy" | "OOF" | "WorkingElsewhere" | "NoData";
export type Sensitivity = "Normal" | "Personal" | "Private" | "Confidential";
export type DayName =
  | "Sunday"
  | "Monday"
  | "Tuesday"
  | "Wednesday"
  | "Thursday"
  | "Friday"
  | "Saturday";
export type WeekIndex = "First" | "Second" | "Third" | "Fourth" | "Last";

export interface Attendee extends EmailAddress {
  response?: ResponseType;
  lastResponseTime?: string;
}

export type RecurrencePattern =
  | { type: "daily"; interval: number }
  | { type: "weekly"; interval: number; days: DayName[] }
  | { type: "monthly"; interval: number; dayOfMonth: number }
  | { type: "monthly_relative"; interval: number; weekday: DayName; week: WeekIndex }
  | { type: "yearly"; month: number; dayOfMonth: number }
  | { type: "yearly_relative"; month: number; weekday: DayName; week: WeekIndex };

export interface Recurrence {
  pattern: RecurrencePattern;
  /** First day of the series (YYYY-MM-DD). */
  startDate: string;
  endDate?: string;
  count?: number;
}

export interface CalendarEvent {
  id: string;
  changeKey?: string;
  subject: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  location?: string;
  organizer?: EmailAddress;
  showAs?: ShowAs;
  /** Single, Occurrence, Exception or RecurringMaster. */
  type?: string;
  isMeeting: boolean;
  isCancelled: boolean;
  isRecurring: boolean;
  myResponse?: ResponseType;
  categories: string[];
  sensitivity?: Sensitivity;
  /** Windows zone id of the start, for series. */
  startTimeZone?: string;
}

export interface CalendarEventDetail extends CalendarEvent {
  body?: { format: "text" | "html"; content: string };
  requiredAttendees: Attendee[];
  optionalAttendees: Attendee[];
  resources: Attendee[];
  recurrence?: Recurrence;
  reminderMinutes?: number;
  reminderIsSet: boolean;
  onlineMeetingUrl?: string;
  importance?: string;
  uid?: string;
}

export interface NewAppointment {
  subject: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  /** Windows zone id the times are meant in (recurrences follow it across DST). */
  timeZoneId: string;
  location?: string;
  body?: string;
  bodyFormat?: "text" | "html";
  required: string[];
  optional: string[];
  resources: string[];
  reminderMinutes?: number;
  categories: string[];
  sensitivity?: Sensitivity;
  showAs?: ShowAs;
  importance?: "Low" | "Normal" | "High";
  recurrence?: Recurrence;
}

export interface BusyInterval {
  start: Date;
  end: Date;
  status: ShowAs;
  subject?: string;
  location?: string;
}

export interface WorkingHours {
  days: DayName[];
  startMinutes: number;
  endMinutes: number;
  /** Offset from UTC in minutes in standard time, and in daylight time when it has one. */
  standardOffsetMinutes: number;
  daylightOffsetMinutes?: number;
}

export interface Availability {
  email: string;
  error?: string;
  /** One digit per interval: 0 free, 1 tentative, 2 busy, 3 away, 4 no data. */
  merged?: string;
  busy: BusyInterval[];
  workingHours?: WorkingHours;
}

export interface MeetingSuggestion {
  start: Date;
  quality: string;
  isWorkTime: boolean;
  conflicts: { email: string; status: string }[];
}
