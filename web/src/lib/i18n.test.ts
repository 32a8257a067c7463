import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage, t } from './i18n.svelte';

describe('t', () => {
  afterEach(() => setLanguage('fr'));

  it('picks the plural form of the count in French, 0 and 1 singular', () => {
    expect(t('allocation.requests_count', { count: 0, requests: '0' })).toBe('0 demande');
    expect(t('allocation.requests_count', { count: 1, requests: '1' })).toBe('1 demande');
    expect(t('allocation.requests_count', { count: 2, requests: '2' })).toBe('2 demandes');
  });

  it('writes a count as the language writes numbers, and ids as they are', () => {
    expect(t('stock.total_cards', { count: 2500 })).toBe('2\u202f500 cartes');
    expect(t('dashboard.to_decide', { count: 27000 })).toBe('27\u202f000 demandes attendent votre décision.');
    expect(t('requests.endorsed', { id: 12345 })).toBe('Demande n° 12345 appuyée.');
    setLanguage('en');
    expect(t('stock.total_cards', { count: 2500 })).toBe('2,500 cards');
  });

  it('writes whole millions with the other form, French setting them apart', () => {
    expect(t('allocation.requests_count', { count: 1_000_000, requests: '1 000 000' })).toBe('1 000 000 demandes');
    expect(t('allocation.requests_count', { count: 3_000_000, requests: '3 000 000' })).toBe('3 000 000 demandes');
  });

  it('agrees each count of a sentence through nested plural forms', () => {
    expect(t('referrals.people_short', { adults: 2, children: 0 })).toBe('2 adultes, 0 enfant');
    expect(t('referrals.people_short', { adults: 1, children: 3 })).toBe('1 adulte, 3 enfants');
    setLanguage('en');
    expect(t('referrals.people_short', { adults: 1, children: 0 })).toBe('1 adult, 0 children');
    expect(t('referrals.people_short', { adults: 2, children: 1 })).toBe('2 adults, 1 child');
  });

  it('agrees a sentence with the count it is given', () => {
    expect(t('request.allocation_reason', { allocated: 1, approved: 1, count: 1 })).toBe('Carte attribuée\u202f: 1 sur 1 approuvée');
    expect(t('request.allocation_reason', { allocated: 1, approved: 3, count: 3 })).toBe('Cartes attribuées\u202f: 1 sur 3 approuvées');
    expect(t('request.allocated_value', { allocated: 3, reserved: 1, count: 1 })).toBe('3 (dont 1 encore réservée)');
    expect(t('sim_import.created', { id: 4, count: 1 })).toBe('Lot 4 créé\u202f: 1 carte ajoutée au stock.');
  });

  it('picks the English forms in English', () => {
    setLanguage('en');
    expect(t('allocation.requests_count', { count: 1, requests: '1' })).toBe('1 request');
    expect(t('allocation.requests_count', { count: 0, requests: '0' })).toBe('0 requests');
  });
});
