import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './dates';

describe('formatDateTime', () => {
  it('writes the date and time in the UI language', () => {
    expect(formatDateTime('2026-11-26T04:55:42Z', 'fr', 'UTC')).toBe('26 nov. 2026, 04:55');
    expect(formatDateTime('2026-11-26T04:55:42Z', 'en', 'UTC')).toBe('Nov 26, 2026, 4:55 AM');
  });

  it('uses the given time zone', () => {
    expect(formatDateTime('2026-11-26T23:30:00Z', 'fr', 'Europe/Paris')).toBe('27 nov. 2026, 00:30');
  });

  it('leaves an unreadable date as given', () => {
    expect(formatDateTime('not a date', 'fr')).toBe('not a date');
  });
});

describe('formatDate', () => {
  it('writes the day only, in the UI language and the given time zone', () => {
    expect(formatDate('2026-11-26T04:55:42Z', 'fr', 'UTC')).toBe('26 nov. 2026');
    expect(formatDate('2026-11-26T04:55:42Z', 'en', 'UTC')).toBe('Nov 26, 2026');
    expect(formatDate('2026-11-26T23:30:00Z', 'fr', 'Europe/Paris')).toBe('27 nov. 2026');
    expect(formatDate('not a date', 'fr')).toBe('not a date');
  });
});
