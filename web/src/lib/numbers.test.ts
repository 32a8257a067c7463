import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimal } from './numbers';

describe('numbers', () => {
  it('groups thousands as each language does', () => {
    expect(formatCount(2500, 'fr')).toBe('2\u202f500');
    expect(formatCount(1002428, 'fr')).toBe('1\u202f002\u202f428');
    expect(formatCount(2500, 'en')).toBe('2,500');
    expect(formatCount(65, 'fr')).toBe('65');
    expect(formatCount(0, 'en')).toBe('0');
  });

  it('writes at most two decimals with the language separator', () => {
    expect(formatDecimal(1.56, 'fr')).toBe('1,56');
    expect(formatDecimal(1.56, 'en')).toBe('1.56');
    expect(formatDecimal(1.4, 'fr')).toBe('1,4');
    expect(formatDecimal(2, 'fr')).toBe('2');
    expect(formatDecimal(1.2345, 'en')).toBe('1.23');
    expect(formatDecimal(1234.5, 'fr')).toBe('1\u202f234,5');
  });
});
