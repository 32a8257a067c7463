// Needs, referrals and requests in the UI: the fixed lists in display order (their labels live in
// the i18n catalogues under `needs.`, `request_states.`, `request_events.` and
// `referral_statuses.`), the reference data fetched once, language names, and what a request form
// derives from the referrals linked to it.
import { api } from './api';
import type { components } from './api-types';

export type Need = components['schemas']['Need'];
export type Language = components['schemas']['Language'];
export type Reference = components['schemas']['Reference'];
export type Programme = components['schemas']['Programme'];
export type ReferralStatus = components['schemas']['ReferralStatus'];
export type ReferralInput = components['schemas']['ReferralInput'];
export type Referral = components['schemas']['Referral'];
export type RequestState = components['schemas']['RequestState'];
export type RequestInput = components['schemas']['RequestInput'];
export type Request = components['schemas']['Request'];
export type RequestDetail = components['schemas']['RequestDetail'];
export type RequestEvent = components['schemas']['RequestEvent'];
export type RequestSummary = components['schemas']['RequestSummary'];

export const NEEDS: readonly Need[] = [
  'keep_in_touch',
  'job_search',
  'training',
  'language_course',
  'schooling',
  'administrative',
];

export const REQUEST_STATES: readonly RequestState[] = [
  'draft',
  'submitted',
  'endorsed',
  'approved',
  'partially_approved',
  'rejected',
  'fulfilled',
  'cancelled',
];

export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['open', 'included', 'served', 'closed'];

/** What a request's history records: its creation, the workflow transitions, the allocation. */
export const REQUEST_EVENTS = [
  'create',
  'submit',
  'endorse',
  'approve',
  'approve_partially',
  'reject',
  'fulfil',
  'cancel',
  'allocate',
] as const;

/** Longest note on a referral, and comment on a request, the server keeps. */
export const NOTE_MAX = 280;
export const COMMENT_MAX = 500;
export const ADULTS_MAX = 20;
export const CHILDREN_MAX = 20;

export function isNeed(value: unknown): value is Need {
  return typeof value === 'string' && (NEEDS as readonly string[]).includes(value);
}

export function isRequestState(value: unknown): value is RequestState {
  return typeof value === 'string' && (REQUEST_STATES as readonly string[]).includes(value);
}

export function isReferralStatus(value: unknown): value is ReferralStatus {
  return typeof value === 'string' && (REFERRAL_STATUSES as readonly string[]).includes(value);
}

// The i18n keys; a code a newer server may send falls back to the code itself.
export function needKey(need: string): string {
  return isNeed(need) ? `needs.${need}` : need;
}

export function requestStateKey(state: string): string {
  return isRequestState(state) ? `request_states.${state}` : state;
}

export function referralStatusKey(status: string): string {
  return isReferralStatus(status) ? `referral_statuses.${status}` : status;
}

export function requestEventKey(event: string): string {
  return (REQUEST_EVENTS as readonly string[]).includes(event) ? `request_events.${event}` : event;
}

let cachedReference: Promise<Reference | null> | null = null;

/** The needs and languages (GET /reference), fetched once; null when the server did not answer. */
export function loadReference(): Promise<Reference | null> {
  cachedReference ??= api.GET('/api/v1/reference').then(
    ({ data }) => {
      if (!data) cachedReference = null;
      return data ?? null;
    },
    () => {
      cachedReference = null;
      return null;
    },
  );
  return cachedReference;
}

/** A language's name in the UI language, as the server names it (French or English). */
export function languageName(language: Language, uiLanguage: string): string {
  return uiLanguage === 'en' ? language.english : language.french;
}

/** "arabe — العربية"; the native name only when it differs (not "français — français"). */
export function languageLabel(language: Language, uiLanguage: string): { name: string; native: string | null } {
  const name = languageName(language, uiLanguage);
  return { name, native: language.native.toLowerCase() === name.toLowerCase() ? null : language.native };
}

/** The names of the codes, in the order given; an unknown code stays as it is. */
export function languageNames(codes: readonly string[], languages: readonly Language[], uiLanguage: string): string[] {
  const byCode = new Map(languages.map((l) => [l.code, l]));
  return codes.map((code) => {
    const language = byCode.get(code);
    return language ? languageName(language, uiLanguage) : code;
  });
}

/** How many people a referral stands for. */
export function referralPeople(referral: Pick<Referral, 'adults' | 'children'>): number {
  return referral.adults + referral.children;
}

export type NeedCounts = Record<Need, number>;

export function emptyNeedCounts(): NeedCounts {
  return Object.fromEntries(NEEDS.map((n) => [n, 0])) as NeedCounts;
}

/** A request's needs as counts for every need (a missing or unknown need left out or at 0). */
export function needCounts(needs: Readonly<Record<string, number>> | null | undefined): NeedCounts {
  const counts = emptyNeedCounts();
  for (const need of NEEDS) {
    const n = needs?.[need];
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) counts[need] = Math.floor(n);
  }
  return counts;
}

/**
 * The people behind each need over the referrals: every person of a household counts for each of
 * its needs (a request's needs are "people per need").
 */
export function sumReferralNeeds(referrals: readonly Pick<Referral, 'adults' | 'children' | 'needs'>[]): NeedCounts {
  const counts = emptyNeedCounts();
  for (const referral of referrals) {
    for (const need of new Set(referral.needs)) {
      if (isNeed(need)) counts[need] += referralPeople(referral);
    }
  }
  return counts;
}

/**
 * The needs after ticking (`direction` 1) or unticking (-1) a referral: its people are added to,
 * or taken from, each of its needs, so that counts typed by hand are kept. No count goes below 0.
 */
export function addReferralNeeds(
  counts: Readonly<Record<string, number | null | undefined>>,
  referral: Pick<Referral, 'adults' | 'children' | 'needs'>,
  direction: 1 | -1,
): NeedCounts {
  const added = sumReferralNeeds([referral]);
  const out = emptyNeedCounts();
  for (const need of NEEDS) {
    const current = counts[need];
    const base = typeof current === 'number' && Number.isFinite(current) ? current : 0;
    out[need] = Math.max(0, base + direction * added[need]);
  }
  return out;
}

/** The languages of the referrals not yet in `current`, appended in the referrals' order. */
export function mergeLanguages(current: readonly string[], referrals: readonly Pick<Referral, 'languages'>[]): string[] {
  const out = [...current];
  for (const referral of referrals) {
    for (const code of referral.languages) if (!out.includes(code)) out.push(code);
  }
  return out;
}

/**
 * The needs as the API takes them: only the needs with people, as whole numbers. An input left
 * empty (NaN, null) counts as none.
 */
export function needsBody(counts: Readonly<Record<string, number | null | undefined>>): Record<string, number> {
  const body: Record<string, number> = {};
  for (const need of NEEDS) {
    const n = counts[need];
    if (typeof n === 'number' && Number.isFinite(n) && n !== 0) body[need] = Math.trunc(n);
  }
  return body;
}

/** A request's needs in display order, those with people only. */
export function needEntries(needs: Readonly<Record<string, number>> | null | undefined): { need: Need; count: number }[] {
  return NEEDS.filter((n) => (needs?.[n] ?? 0) > 0).map((need) => ({ need, count: needs![need] }));
}

/**
 * A count the server may mask: null stands for 1 to 4 (shown to the funder as `masked`, e.g.
 * "< 5"); "secret" for a count hidden so that no small one can be worked out from the totals
 * (shown as `secret`, e.g. "s"); a count the server did not send is 0.
 */
export function maskedCount(value: number | null | 'secret' | undefined, masked: string, secret = 's'): string {
  if (value === null) return masked;
  if (value === 'secret') return secret;
  return String(value ?? 0);
}

/**
 * The reason of an `allocate` event, "allocated/approved" (e.g. "12/12"), read; null otherwise.
 * `count`, the cards approved, chooses the plural form of `request.allocation_reason`.
 */
export function allocationReason(reason: string): { allocated: number; approved: number; count: number } | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(reason);
  return match ? { allocated: Number(match[1]), approved: Number(match[2]), count: Number(match[2]) } : null;
}
