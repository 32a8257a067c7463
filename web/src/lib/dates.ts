// Dates and times from the API (ISO 8601, UTC) written in the UI language and the browser's zone.

/** "2026-11-26T04:55:42Z" → "26 nov. 2026, 05:55" in French; the text as given if unreadable. */
export function formatDateTime(value: string, language: string, timeZone?: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(parsed);
}

/** "2026-11-26T04:55:42Z" → "26 nov. 2026" in French; the text as given if unreadable. */
export function formatDate(value: string, language: string, timeZone?: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone }).format(parsed);
}
