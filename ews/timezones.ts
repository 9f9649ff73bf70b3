/**
 * EWS names time zones by Windows ids ("W. Europe Standard Time"); people configure IANA names
 * ("Europe/Berlin"). This maps the common IANA zones to Windows ids (after CLDR's windowsZones).
 */
const IANA_TO_WINDOWS: Record<string, string> = {
  "UTC": "UTC",
  "Etc/UTC": "UTC",
  "Etc/GMT": "UTC",
  "Europe/London": "GMT Standard Time",
  "Europe/Dublin": "GMT Standard Time",
  "Europe/Lisbon": "GMT Standard Time",
  "Europe/Berlin": "W. Europe Standard Time",
  "Europe/Amsterdam": "W. Europe Standard Time",
  "Europe/Vienna": "W. Europe Standard Time",
  "Europe/Zurich": "W. Europe Standard Time",
  "Europe/Rome": "W. Europe Standard Time",
  "Europe/Stockholm": "W. Europe Standard Time",
  "Europe/Oslo": "W. Europe Standard Time",
  "Europe/Paris": "Romance Standard Time",
  "Europe/Brussels": "Romance Standard Time",
  "Europe/Madrid": "Romance Standard Time",
  "Europe/Copenhagen": "Romance Standard Time",
  "Europe/Warsaw": "Central European Standard Time",
  "Europe/Prague": "Central Europe Standard Time",
  "Europe/Budapest": "Central Europe Standard Time",
  "Europe/Athens": "GTB Standard Time",
  "Europe/Bucharest": "GTB Standard Time",
  "Europe/Helsinki": "FLE Standard Time",
  "Europe/Kiev": "FLE Standard Time",
  "Europe/Kyiv": "FLE Standard Time",
  "Europe/Istanbul": "Turkey Standard Time",
  "Europe/Moscow": "Russian Standard Time",
  "Africa/Johannesburg": "South Africa Standard Time",
  "Africa/Cairo": "Egypt Standard Time",
  "Africa/Lagos": "W. Central Africa Standard Time",
  "Africa/Nairobi": "E. Africa Standard Time",
  "Asia/Dubai": "Arabian Standard Time",
  "Asia/Jerusalem": "Israel Standard Time",
  "Asia/Riyadh": "Arab Standard Time",
  "Asia/Karachi": "Pakistan Standard Time",
  "Asia/Kolkata": "India Standard Time",
  "Asia/Calcutta": "India Standard Time",
  "Asia/Bangkok": "SE Asia Standard Time",
  "Asia/Jakarta": "SE Asia Standard Time",
  "Asia/Singapore": "Singapore Standard Time",
  "Asia/Kuala_Lumpur": "Singapore Standard Time",
  "Asia/Shanghai": "China Standard Time",
  "Asia/Hong_Kong": "China Standard Time",
  "Asia/Taipei": "Taipei Standard Time",
  "Asia/Seoul": "Korea Standard Time",
  "Asia/Tokyo": "Tokyo Standard Time",
  "Australia/Perth": "W. Australia Standard Time",
  "Australia/Adelaide": "Cen. Australia Standard Time",
  "Australia/Brisbane": "E. Australia Standard Time",
  "Australia/Sydney": "AUS Eastern Standard Time",
  "Australia/Melbourne": "AUS Eastern Standard Time",
  "Pacific/Auckland": "New Zealand Standard Time",
  "Pacific/Honolulu": "Hawaiian Standard Time",
  "America/Anchorage": "Alaskan Standard Time",
  "America/Los_Angeles": "Pacific Standard Time",
  "America/Vancouver": "Pacific Standard Time",
  "America/Phoenix": "US Mountain Standard Time",
  "America/Denver": "Mountain Standard Time",
  "America/Chicago": "Central Standard Time",
  "America/Mexico_City": "Central Standard Time (Mexico)",
  "America/New_York": "Eastern Standard Time",
  "America/Toronto": "Eastern Standard Time",
  "America/Halifax": "Atlantic Standard Time",
  "America/Bogota": "SA Pacific Standard Time",
  "America/Lima": "SA Pacific Standard Time",
  "America/Santiago": "Pacific SA Standard Time",
  "America/Sao_Paulo": "E. South America Standard Time",
  "America/Argentina/Buenos_Aires": "Argentina Standard Time",
};

const WINDOWS_IDS = new Set(Object.values(IANA_TO_WINDOWS));

/**
 * The Windows time zone id for a configured zone (IANA name or Windows id), or undefined when
 * the zone is valid but has no mapping here; throws for a zone nobody knows.
 */
export function windowsTimeZoneId(zone: string): string | undefined {
  if (WINDOWS_IDS.has(zone)) return zone;
  if (zone in IANA_TO_WINDOWS) return IANA_TO_WINDOWS[zone];
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    throw new Error(`unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`);
  }
  return undefined;
}
