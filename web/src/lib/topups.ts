// Top-ups of lines in use, within the programme's budget: euros written for a French or English
// reader, what a budget field holds in cents, the statuses' labels (`topups_page.statuses.…`) and what
// a programme-wide round of top-ups would take and cost.
import type { components } from './api-types';

export type Topup = components['schemas']['Topup'];
export type TopupStatus = Topup['status'];
export type Programme = components['schemas']['Programme'];
export type SurveyQuestion = components['schemas']['SurveyQuestion'];

export const TOPUP_STATUSES: readonly TopupStatus[] = ['requested', 'approved', 'confirmed', 'refused'];

export function isTopupStatus(value: unknown): value is TopupStatus {
  return typeof value === 'string' && (TOPUP_STATUSES as readonly string[]).includes(value);
}

/** The i18n key naming a status; an unknown one (a newer server) as such. */
export function topupStatusKey(status: string): string {
  return isTopupStatus(status) ? `topups_page.statuses.${status}` : status;
}

const euros = new Map<string, Intl.NumberFormat>();

/** Cents as euros: 162000 → "1 620,00 €" in French (narrow no-break space), "€1,620.00" in English. */
export function formatEuros(cents: number, language: string): string {
  let format = euros.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency: 'EUR' });
    euros.set(language, format);
  }
  return format.format(cents / 100);
}

/** Cents as the budget field shows them: 200000 → "2000", 150050 → "1500,50" (French) or "1500.50". */
export function centsToField(cents: number | null, language: string): string {
  if (cents === null) return '';
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  if (rest === 0) return String(whole);
  return `${whole}${language === 'fr' ? ',' : '.'}${String(rest).padStart(2, '0')}`;
}

/**
 * What a person typed in euros, in cents: "1 500", "1 500,5", "1500.50 €" → 150050; empty → null
 * (no budget); undefined when it is not an amount (letters, three decimals, negative).
 */
export function fieldToCents(text: string): number | null | undefined {
  const plain = text.replace(/[\s\u00a0\u202f€]/g, '');
  if (plain === '') return null;
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(plain);
  if (!match) return undefined;
  return Number(match[1]) * 100 + (match[2] ? Number(match[2].padEnd(2, '0')) : 0);
}

/** A survey question's French label (the survey is written in French first), else any. */
export function questionLabel(labels: Record<string, string>, language: string): string {
  return labels[language] ?? labels.fr ?? Object.values(labels)[0] ?? '';
}

/** Bounds of the follow-up delay, in days (the server's). */
export const FOLLOW_UP_DAYS = { min: 1, max: 365 } as const;
