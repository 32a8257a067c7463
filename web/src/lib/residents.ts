// Residents in the UI: their statuses, consents and lines in display order (labels in the i18n
// catalogues under `resident_statuses.`, `consent_purposes.`, `consent_methods.`,
// `consent_statuses.` and `take_back_reasons.`), the step a structure takes next with a resident,
// the languages its documents are offered in, the structure's next actions on its home page and
// what a referral brings to a new resident. Pure: the pages call the API.
import type { components, operations } from './api-types';
import type { Language, Referral } from './needs';

export type Resident = components['schemas']['Resident'];
export type ResidentInput = components['schemas']['ResidentInput'];
export type ResidentStatus = components['schemas']['ResidentStatus'];
export type Consent = components['schemas']['Consent'];
export type ConsentInput = components['schemas']['ConsentInput'];
export type Handover = components['schemas']['Handover'];
export type ResidentSummary =
  operations['residentSummary']['responses']['200']['content']['application/json'];

export type ConsentPurpose = Consent['purpose'];
export type ConsentMethod = Consent['method'];
export type ConsentStatus = Consent['status'];
export type TakeBackReason = 'wrong_person' | 'refused';

export const RESIDENT_STATUSES: readonly ResidentStatus[] = ['needs_consent', 'waiting_line', 'has_line', 'erased'];
/** Each purpose is a consent of its own, asked in this order: the line first. */
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['line', 'follow_up', 'testimony'];
export const CONSENT_METHODS: readonly ConsentMethod[] = ['oral', 'written', 'electronic'];
export const CONSENT_STATUSES: readonly ConsentStatus[] = ['given', 'withdrawn', 'expired'];
export const TAKE_BACK_REASONS: readonly TakeBackReason[] = ['wrong_person', 'refused'];

/** The bounds the server holds a resident to. */
export const HOUSEHOLD_MAX = 20;
export const FIRST_NAME_MAX = 50;

export function isResidentStatus(value: unknown): value is ResidentStatus {
  return typeof value === 'string' && (RESIDENT_STATUSES as readonly string[]).includes(value);
}

// The i18n keys; a code a newer server may send falls back to the code itself.
function keyIn(prefix: string, codes: readonly string[], code: string): string {
  return codes.includes(code) ? `${prefix}.${code}` : code;
}

export function residentStatusKey(status: string): string {
  return keyIn('resident_statuses', RESIDENT_STATUSES, status);
}

export function consentPurposeKey(purpose: string): string {
  return keyIn('consent_purposes', CONSENT_PURPOSES, purpose);
}

export function consentMethodKey(method: string): string {
  return keyIn('consent_methods', CONSENT_METHODS, method);
}

export function consentStatusKey(status: string): string {
  return keyIn('consent_statuses', CONSENT_STATUSES, status);
}

/** Why a line ended: taken back at the door, or lost, stolen or defective (then replaced). */
export const LINE_END_REASONS: readonly string[] = [...TAKE_BACK_REASONS, 'lost', 'stolen', 'defective'];

export function takeBackReasonKey(reason: string): string {
  return keyIn('take_back_reasons', LINE_END_REASONS, reason);
}

/**
 * What the structure does next with a resident, shown first on its page: ask for the consent to
 * the line, hand over a card, look after the line it holds; nothing once erased.
 */
export type NextStep = 'consent' | 'hand_over' | 'line' | 'none';

export function nextStep(resident: Pick<Resident, 'status'>): NextStep {
  switch (resident.status) {
    case 'needs_consent':
      return 'consent';
    case 'waiting_line':
      return 'hand_over';
    case 'has_line':
      return 'line';
    default:
      return 'none';
  }
}

/** The line the resident holds now: the newest not taken back; null when none. */
export function currentLine(resident: Pick<Resident, 'lines'>): Handover | null {
  const held = (resident.lines ?? []).filter((line) => line.taken_back_at === null);
  if (held.length === 0) return null;
  return held.reduce((newest, line) => (line.handed_over_at > newest.handed_over_at ? line : newest));
}

/** The lines taken back, newest first. */
export function pastLines(resident: Pick<Resident, 'lines'>): Handover[] {
  return (resident.lines ?? [])
    .filter((line) => line.taken_back_at !== null)
    .sort((a, b) => (a.handed_over_at < b.handed_over_at ? 1 : a.handed_over_at > b.handed_over_at ? -1 : 0));
}

/** The purposes a consent is in force for. */
export function purposesInForce(resident: Pick<Resident, 'consents'>): ConsentPurpose[] {
  const given = new Set((resident.consents ?? []).filter((c) => c.status === 'given').map((c) => c.purpose));
  return CONSENT_PURPOSES.filter((p) => given.has(p));
}

/** The purposes still to ask, in order (the line first): those without a consent in force. */
export function purposesToAsk(resident: Pick<Resident, 'consents'>): ConsentPurpose[] {
  const inForce = purposesInForce(resident);
  return CONSENT_PURPOSES.filter((p) => !inForce.includes(p));
}

/** The consents newest first, those in force before the others. */
export function consentsInOrder(consents: readonly Consent[] | undefined): Consent[] {
  return [...(consents ?? [])].sort((a, b) => {
    const force = Number(b.status === 'given') - Number(a.status === 'given');
    if (force !== 0) return force;
    return a.given_at < b.given_at ? 1 : a.given_at > b.given_at ? -1 : 0;
  });
}

/** A document language offered to choose: its names, and whether its translation was checked. */
export interface DocumentLanguage {
  code: string;
  name: string;
  native: string | null;
  /** Nobody has checked the translation of the resident's documents into it yet (a draft). */
  unchecked: boolean;
}

function documentLanguage(language: Language, uiLanguage: string): DocumentLanguage {
  const name = uiLanguage === 'en' ? language.english : language.french;
  return {
    code: language.code,
    name,
    native: language.native.toLowerCase() === name.toLowerCase() ? null : language.native,
    unchecked: !language.checked_by,
  };
}

/**
 * The languages of the resident's documents, split in two: the resident's own languages first,
 * in their order, then every other language of the reference, in its order.
 */
export function documentLanguages(
  languages: readonly Language[],
  spoken: readonly string[],
  uiLanguage: string,
): { spoken: DocumentLanguage[]; others: DocumentLanguage[] } {
  const byCode = new Map(languages.map((l) => [l.code, l]));
  const own = spoken.filter((code, i) => byCode.has(code) && spoken.indexOf(code) === i);
  return {
    spoken: own.map((code) => documentLanguage(byCode.get(code)!, uiLanguage)),
    others: languages.filter((l) => !own.includes(l.code)).map((l) => documentLanguage(l, uiLanguage)),
  };
}

/** The documents' language by default: the resident's first language the server knows, else French. */
export function defaultDocumentLanguage(languages: readonly Language[], spoken: readonly string[]): string {
  const known = new Set(languages.map((l) => l.code));
  return spoken.find((code) => known.has(code)) ?? 'fr';
}

const path = (id: number) => `/api/v1/residents/${id}`;

/** The information notice to read with the person before asking their consent. */
export function noticeUrl(id: number, lang: string): string {
  return `${path(id)}/notice.pdf?lang=${encodeURIComponent(lang)}`;
}

/** The leaflet of the resident's line (its number, PUK, how to use it). */
export function leafletUrl(id: number, lang: string): string {
  return `${path(id)}/leaflet.pdf?lang=${encodeURIComponent(lang)}`;
}

/** Everything Relais holds on the resident, to hand to them: JSON, or a PDF in their language. */
export function exportUrl(id: number, format: 'json' | 'pdf'): string {
  return format === 'pdf' ? `${path(id)}/export?format=pdf` : `${path(id)}/export`;
}

/** The most children a household of this size may have: everyone but one adult. */
export function childrenMax(householdSize: number | null | undefined): number {
  if (typeof householdSize !== 'number' || !Number.isFinite(householdSize)) return HOUSEHOLD_MAX - 1;
  return Math.max(0, Math.min(HOUSEHOLD_MAX, Math.trunc(householdSize)) - 1);
}

/** What an association's referral brings to the new resident's form. */
export function prefillFromReferral(referral: Pick<Referral, 'adults' | 'children' | 'languages' | 'needs'>): {
  household_size: number;
  children: number;
  languages: string[];
  needs: string[];
} {
  return {
    household_size: referral.adults + referral.children,
    children: referral.children,
    languages: [...referral.languages],
    needs: [...referral.needs],
  };
}

/**
 * The open referrals a new resident may come through: those no resident already came through
 * (as far as the residents read tell; the server refuses the others with `referral_has_resident`).
 */
export function referralsWithoutResident<R extends Pick<Referral, 'id'>>(
  referrals: readonly R[],
  residents: readonly Pick<Resident, 'referral_id'>[],
): R[] {
  const taken = new Set(residents.map((r) => r.referral_id).filter((id) => id !== null));
  return referrals.filter((r) => !taken.has(r.id));
}

/** The form's values as the API takes them: the optional texts trimmed, and left out when empty. */
export function residentBody(form: {
  household_size: number | null;
  children: number | null;
  languages: readonly string[];
  needs: readonly string[];
  first_name: string;
  contact: string;
  referral_id: number | null;
}): ResidentInput {
  // An empty number is sent as null, so that the server says the field is required.
  const whole = (value: number | null) => (typeof value === 'number' && Number.isFinite(value) ? value : null) as number;
  const body: ResidentInput = {
    household_size: whole(form.household_size),
    languages: [...form.languages],
    needs: [...form.needs] as ResidentInput['needs'],
  };
  const children = whole(form.children);
  if (children !== null) body.children = children;
  const firstName = form.first_name.trim();
  if (firstName) body.first_name = firstName;
  const contact = form.contact.trim();
  if (contact) body.contact = contact;
  if (form.referral_id !== null) body.referral_id = form.referral_id;
  return body;
}

/** What the structure's home offers to do first. */
export type HomeAction = 'hand_over' | 'new_resident';

/**
 * The home page's actions, the first one primary: handing a line over when someone waits for one
 * and a card is at the door, else recording a new resident. Handing over is only offered when
 * it can be done.
 */
export function homeActions(summary: Pick<ResidentSummary, 'cards_on_hand' | 'waiting_for_line'>): HomeAction[] {
  return summary.waiting_for_line > 0 && summary.cards_on_hand > 0 ? ['hand_over', 'new_resident'] : ['new_resident'];
}
