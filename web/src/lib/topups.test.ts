import { describe, expect, it } from 'vitest';
import { centsToField, fieldToCents, formatEuros, isTopupStatus, questionLabel, topupStatusKey } from './topups';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatEuros', () => {
  it('writes euros the French way: narrow space between thousands, comma, space before €', () => {
    expect(formatEuros(162000, 'fr')).toBe(`1${NNBSP}620,00${NBSP}€`);
    expect(formatEuros(1000, 'fr')).toBe(`10,00${NBSP}€`);
    expect(formatEuros(0, 'fr')).toBe(`0,00${NBSP}€`);
    expect(formatEuros(-500, 'fr')).toBe(`-5,00${NBSP}€`);
  });

  it('writes euros the English way', () => {
    expect(formatEuros(162000, 'en')).toBe('€1,620.00');
    expect(formatEuros(5, 'en')).toBe('€0.05');
  });
});

describe('the budget field', () => {
  it('shows cents as euros to edit', () => {
    expect(centsToField(200000, 'fr')).toBe('2000');
    expect(centsToField(150050, 'fr')).toBe('1500,50');
    expect(centsToField(150005, 'en')).toBe('1500.05');
    expect(centsToField(null, 'fr')).toBe('');
  });

  it('reads euros typed in either way into cents', () => {
    expect(fieldToCents('2000')).toBe(200000);
    expect(fieldToCents('1 500,5')).toBe(150050);
    expect(fieldToCents(`1${NNBSP}500,50${NBSP}€`)).toBe(150050);
    expect(fieldToCents('1500.05')).toBe(150005);
    expect(fieldToCents('0')).toBe(0);
    expect(fieldToCents('  ')).toBeNull();
  });

  it('refuses what is not an amount', () => {
    expect(fieldToCents('-10')).toBeUndefined();
    expect(fieldToCents('10,005')).toBeUndefined();
    expect(fieldToCents('dix')).toBeUndefined();
    expect(fieldToCents('1.000,00')).toBeUndefined();
  });
});

describe('statuses', () => {
  it('names the known ones and shows an unknown one as its code', () => {
    expect(topupStatusKey('requested')).toBe('topups_page.statuses.requested');
    expect(topupStatusKey('refused')).toBe('topups_page.statuses.refused');
    expect(topupStatusKey('later')).toBe('later');
    expect(isTopupStatus('confirmed')).toBe(true);
    expect(isTopupStatus('done')).toBe(false);
  });
});

describe('questionLabel', () => {
  it('takes the reader language, else French, else any', () => {
    expect(questionLabel({ fr: 'Utilisez-vous…', en: 'Do you…' }, 'en')).toBe('Do you…');
    expect(questionLabel({ fr: 'Utilisez-vous…' }, 'en')).toBe('Utilisez-vous…');
    expect(questionLabel({ ar: 'هل' }, 'fr')).toBe('هل');
    expect(questionLabel({}, 'fr')).toBe('');
  });
});
