import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage, t } from './i18n.svelte';

describe('t', () => {
  afterEach(() => setLanguage('fr'));

  it('picks the plural form of the count in French, 0 and 1 singular', () => {
    expect(t('allocation.requests_count', { count: 0, requests: '0' })).toBe('0 demande');
    expect(t('allocation.requests_count', { count: 1, requests: '1' })).toBe('1 demande');
    expect(t('allocation.requests_count', { count: 2, requests: '2' })).toBe('2 demandes');
  });

  it('writes whole millions with the other form, French setting them apart', () => {
    expect(t('allocation.requests_count', { count: 1_000_000, requests: '1 000 000' })).toBe('1 000 000 demandes');
    expect(t('allocation.requests_count', { count: 3_000_000, requests: '3 000 000' })).toBe('3 000 000 demandes');
  });

  it('picks the English forms in English', () => {
    setLanguage('en');
    expect(t('allocation.requests_count', { count: 1, requests: '1' })).toBe('1 request');
    expect(t('allocation.requests_count', { count: 0, requests: '0' })).toBe('0 requests');
  });
});
