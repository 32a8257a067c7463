// A programme's results in the UI, pure so that it can be tested without a browser: disclosed
// counts as text and as chart values, euros and lead times, the map's colour classes, the filters
// kept in the address, the export links, share-link dates and the budget form's conversions.
import type { components } from './api-types';
import { formatCount, formatDecimal } from './numbers';
import { STRUCTURE_TYPES, type StructureType } from './roles';

export type ProgrammeResults = components['schemas']['ProgrammeResults'];
export type ProgrammeBudget = components['schemas']['ProgrammeBudget'];
export type ShareLink = components['schemas']['ShareLink'];
export type DisclosedCount = components['schemas']['DisclosedCount'];
export type ResultsPlace = components['schemas']['ResultsPlace'];
export type BudgetCategory = components['schemas']['BudgetCategory'];

export const BUDGET_CATEGORIES: readonly BudgetCategory[] = ['cards', 'topups', 'shipping', 'devices', 'training', 'coordination'];
/** The categories whose spending Relais does not count itself: entered by hand. */
export const SPENT_BY_HAND: readonly BudgetCategory[] = ['devices', 'training', 'coordination'];
export const FUNNEL_STAGES = ['received', 'allocated', 'packed', 'shipped', 'delivered', 'handed_over', 'active', 'still_used'] as const;
export const LEAD_TIMES = ['request_to_delivery', 'delivery_to_handover', 'handover_to_activation'] as const;
/** The standard uses of a line the follow-up survey asks about. */
export const USES = ['family', 'job_search', 'training', 'schooling', 'procedures', 'health'] as const;
/** The overseas departments, drawn in boxes of their own beside metropolitan France. */
export const OVERSEAS = ['971', '972', '973', '974', '976'] as const;

// --- Disclosed counts -----------------------------------------------------------------------------

/** The three ways a count reaches the reader. */
export type Disclosure = 'shown' | 'below_5' | 'secret';

export function disclosure(value: DisclosedCount | undefined): Disclosure {
  if (value === null) return 'below_5';
  if (value === 'secret') return 'secret';
  return 'shown';
}

/**
 * A disclosed count as text: the number as the language writes it, `below5` ("< 5") for null,
 * `secret` ("s") for a count hidden so that no small one can be worked out.
 */
export function formatDisclosed(value: DisclosedCount | undefined, language: string, below5: string, secret: string): string {
  if (value === null) return below5;
  if (value === 'secret') return secret;
  return formatCount(value ?? 0, language);
}

/** A disclosed count as a chart plots it: hidden counts are a gap, never a number. */
export function plotted(value: DisclosedCount | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** Whether any of the counts is hidden (the legend of "< 5" and "s" is then shown). */
export function anyHidden(values: readonly (DisclosedCount | undefined)[]): boolean {
  return values.some((v) => v === null || v === 'secret');
}

// --- Money and durations ---------------------------------------------------------------------------

const euros = new Map<string, Intl.NumberFormat>();

/** Cents in euros as the language writes them: 162000 → "1 620,00 €" (narrow no-break spaces). */
export function formatEuroCents(cents: number, language: string): string {
  let format = euros.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency: 'EUR' });
    euros.set(language, format);
  }
  return format.format(cents / 100);
}

/** Cents or the placeholder when the server does not tell (a part unknown, or a small count). */
export function formatMaybeEuros(cents: number | null | undefined, language: string, none: string): string {
  return typeof cents === 'number' ? formatEuroCents(cents, language) : none;
}

/** A lead time in the unit that reads best: days from 48 hours on, else hours (one decimal at most). */
export function leadTime(hours: number): { unit: 'days' | 'hours'; value: number } {
  if (hours >= 48) return { unit: 'days', value: Math.round((hours / 24) * 10) / 10 };
  return { unit: 'hours', value: Math.round(hours * 10) / 10 };
}

/** A percentage (per cent of people) with at most one decimal: 66.666 → "66,7 %" in French. */
export function formatPercent(value: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/** A mean or a rate with one decimal at most. */
export function formatOneDecimal(value: number, language: string): string {
  return formatDecimal(Math.round(value * 10) / 10, language);
}

// --- The map's colour classes --------------------------------------------------------------------

/** A 5-class sequential palette (light to dark), and the colours of what has no class. */
export const PALETTE = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
export const NO_STRUCTURE = '#e2e2e2';

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value` (`value` > 0). */
export function niceStep(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value - 1e-9) return m * power;
  return 10 * power;
}

/**
 * Five classes of equal width from 0, the width a round number covering the largest value:
 * the bounds are [0, s, 2s, 3s, 4s, 5s]. A largest value of 0 gives classes of width 1.
 */
export function classBounds(values: readonly (number | null | undefined)[]): number[] {
  const max = Math.max(0, ...values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const step = max > 0 ? niceStep(max / PALETTE.length) : 1;
  return Array.from({ length: PALETTE.length + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

/** The class (0 to 4) of a value; the last class holds its upper bound. */
export function colourClass(value: number, bounds: readonly number[]): number {
  for (let i = 1; i < bounds.length - 1; i++) if (value < bounds[i]) return i - 1;
  return bounds.length - 2;
}

export type MapFill = { kind: 'none' } | { kind: 'hidden' } | { kind: 'class'; index: number };

/** How a department is filled: no structure, its count hidden, or its class. */
export function mapFill(place: ResultsPlace | undefined, bounds: readonly number[]): MapFill {
  if (!place || place.structures === 0) return { kind: 'none' };
  if (typeof place.connected !== 'number' || typeof place.per_100_places !== 'number') return { kind: 'hidden' };
  return { kind: 'class', index: colourClass(place.per_100_places, bounds) };
}

// --- The map's layout ---------------------------------------------------------------------------

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The map's drawing area split in two: metropolitan France above, and the `count` boxes of the
 * overseas departments below, `columns` to a row (a phone takes fewer, larger boxes), each
 * `insetHeight` tall (its name included), `gap` apart; a last row not full is centred.
 */
export function insetLayout(
  width: number,
  height: number,
  count: number,
  insetHeight: number,
  gap: number,
  columns = count,
): { main: Box; insets: Box[] } {
  const rows = Math.ceil(count / columns);
  const top = height - rows * insetHeight - (rows - 1) * gap;
  const boxWidth = (width - gap * (columns - 1)) / columns;
  const insets = Array.from({ length: count }, (_, i) => {
    const row = Math.floor(i / columns);
    const inRow = Math.min(columns, count - row * columns);
    const offset = ((columns - inRow) * (boxWidth + gap)) / 2;
    const column = i % columns;
    return { x: offset + column * (boxWidth + gap), y: top + row * (insetHeight + gap), width: boxWidth, height: insetHeight };
  });
  return { main: { x: 0, y: 0, width, height: Math.max(0, top - gap) }, insets };
}

/** The inner box of an inset where its shape is drawn: below its name, with a margin. */
export function insetDrawingBox(box: Box, labelHeight: number, margin: number): Box {
  return {
    x: box.x + margin,
    y: box.y + labelHeight + margin,
    width: Math.max(0, box.width - 2 * margin),
    height: Math.max(0, box.height - labelHeight - 2 * margin),
  };
}

// --- The filters in the address -------------------------------------------------------------------

export interface ResultsFilter {
  from: string;
  to: string;
  department: string;
  structureType: StructureType | '';
}

export interface ResultsSelection extends ResultsFilter {
  programme: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEPARTMENT = /^(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2A|2B|97[1-6])$/;

function validDate(value: string | null): string {
  if (!value || !DATE.test(value)) return '';
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : '';
}

/** The selection a `?programme=&from=&to=&department=&structure_type=` query holds; bad values are dropped. */
export function parseResultsSelection(search: string): ResultsSelection {
  const params = new URLSearchParams(search);
  const programme = params.get('programme') ?? '';
  const department = (params.get('department') ?? '').toUpperCase();
  const type = params.get('structure_type') ?? '';
  return {
    programme: /^[1-9]\d{0,15}$/.test(programme) ? Number(programme) : null,
    from: validDate(params.get('from')),
    to: validDate(params.get('to')),
    department: DEPARTMENT.test(department) ? department : '',
    structureType: (STRUCTURE_TYPES as readonly string[]).includes(type) ? (type as StructureType) : '',
  };
}

/** The filter's query parameters as the API takes them (empty ones left out), in a stable order. */
export function filterParams(filter: ResultsFilter): [string, string][] {
  const out: [string, string][] = [];
  if (filter.from) out.push(['from', filter.from]);
  if (filter.to) out.push(['to', filter.to]);
  if (filter.department) out.push(['department', filter.department]);
  if (filter.structureType) out.push(['structure_type', filter.structureType]);
  return out;
}

/** The query object for the typed API client. */
export function filterQuery(filter: ResultsFilter): { from?: string; to?: string; department?: string; structure_type?: StructureType } {
  return {
    from: filter.from || undefined,
    to: filter.to || undefined,
    department: filter.department || undefined,
    structure_type: filter.structureType || undefined,
  };
}

/** The page's address for a selection, e.g. `/results?programme=1&from=2020-04-01`. */
export function resultsPath(base: string, selection: ResultsFilter & { programme?: number | null }): string {
  const params = new URLSearchParams();
  if (selection.programme) params.set('programme', String(selection.programme));
  for (const [k, v] of filterParams(selection)) params.set(k, v);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'iati'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An export's address with the filter and the language (IATI XML carries no language). */
export function exportUrl(programme: number, format: ExportFormat, filter: ResultsFilter, language: string): string {
  const file = format === 'iati' ? 'iati.xml' : `results.${format}`;
  const params = new URLSearchParams(filterParams(filter));
  if (format !== 'iati') params.set('lang', language);
  const query = params.toString();
  return `/api/v1/programmes/${programme}/${file}${query ? `?${query}` : ''}`;
}

// --- Share links ------------------------------------------------------------------------------------

/** A link's longest life, in days (the server's). */
export const SHARE_MAX_DAYS = 366;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Today as YYYY-MM-DD (UTC, as the server reads an expiry). */
export function today(now: Date): string {
  return isoDay(now);
}

/** Three months after `now`, the same day of the month (the last day when it has none). */
export function defaultExpiry(now: Date): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 3;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), last))));
}

/** The last day a link may run to. */
export function maxExpiry(now: Date): string {
  return isoDay(new Date(now.getTime() + SHARE_MAX_DAYS * 86_400_000));
}

export type ShareLinkState = 'active' | 'expired' | 'revoked';

export function shareLinkState(link: ShareLink, now: Date): ShareLinkState {
  if (link.revoked_at) return 'revoked';
  return new Date(link.expires_at).getTime() <= now.getTime() ? 'expired' : 'active';
}

/** The path of a share link's public page from the URL the server gives (its own public address). */
export function sharedPath(url: string): string {
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return url;
  }
}

// --- The budget form --------------------------------------------------------------------------------

export interface BudgetLineForm {
  category: BudgetCategory;
  budget: string;
  spent: string;
}

export interface FunderForm {
  name: string;
  iatiRef: string;
  category: BudgetCategory | '';
  /** Whether it pays a share of the budget (per cent) or an amount (euros). */
  mode: 'share' | 'amount';
  share: string;
  amount: string;
}

export interface BudgetForm {
  lines: BudgetLineForm[];
  funders: FunderForm[];
  targetPeople: string;
  startsOn: string;
  endsOn: string;
  iatiIdentifier: string;
  iatiOrgRef: string;
}

/** Cents as a field shows them: 200000 → "2000", 150050 → "1500,50" (French) or "1500.50". */
export function centsToText(cents: number | null | undefined, language: string): string {
  if (cents === null || cents === undefined) return '';
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  if (rest === 0) return String(whole);
  return `${whole}${language === 'fr' ? ',' : '.'}${String(rest).padStart(2, '0')}`;
}

/** Euros typed ("1 500", "1 500,5", "1500.50 €") in cents; empty → null; undefined when not an amount. */
export function textToCents(text: string): number | null | undefined {
  const plain = text.replace(/[\s\u00a0\u202f€]/g, '');
  if (plain === '') return null;
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(plain);
  if (!match) return undefined;
  return Number(match[1]) * 100 + (match[2] ? Number(match[2].padEnd(2, '0')) : 0);
}

/** Basis points as a per cent field shows them: 1250 → "12,5" (French). */
export function bpToText(bp: number | null | undefined, language: string): string {
  if (bp === null || bp === undefined) return '';
  const text = String(bp / 100);
  return language === 'fr' ? text.replace('.', ',') : text;
}

/** A per cent typed ("12,5", "12.5 %") in basis points; empty → null; undefined when not a per cent. */
export function textToBp(text: string): number | null | undefined {
  const plain = text.replace(/[\s\u00a0\u202f%]/g, '');
  if (plain === '') return null;
  const match = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(plain);
  if (!match) return undefined;
  return Number(match[1]) * 100 + (match[2] ? Number(match[2].padEnd(2, '0')) : 0);
}

/** The form of a budget as stored: a line for every category, in order, empty when it has none. */
export function budgetToForm(budget: ProgrammeBudget, language: string): BudgetForm {
  const lines = BUDGET_CATEGORIES.map((category) => {
    const line = budget.lines?.find((l) => l.category === category);
    return { category, budget: centsToText(line?.budget_cents, language), spent: centsToText(line?.spent_cents, language) };
  });
  const funders = (budget.funders ?? []).map((f) => ({
    name: f.name,
    iatiRef: f.iati_ref ?? '',
    category: (f.category ?? '') as BudgetCategory | '',
    mode: (typeof f.amount_cents === 'number' ? 'amount' : 'share') as FunderForm['mode'],
    share: bpToText(f.share_bp, language),
    amount: centsToText(f.amount_cents, language),
  }));
  const p = budget.profile ?? {};
  return {
    lines,
    funders,
    targetPeople: p.target_people ? String(p.target_people) : '',
    startsOn: p.starts_on ?? '',
    endsOn: p.ends_on ?? '',
    iatiIdentifier: p.iati_identifier ?? '',
    iatiOrgRef: p.iati_org_ref ?? '',
  };
}

export function emptyFunder(): FunderForm {
  return { name: '', iatiRef: '', category: '', mode: 'share', share: '', amount: '' };
}

/**
 * The budget the form says, or the fields it cannot read (by the API's field names, e.g.
 * `lines.2.budget_cents`, so that they show where the server's would). A line left empty is
 * left out; its index is the one it gets in the body.
 */
export function formToBudget(form: BudgetForm): { budget: ProgrammeBudget; errors: Record<string, 'not_amount' | 'not_share' | 'not_number'> } {
  const errors: Record<string, 'not_amount' | 'not_share' | 'not_number'> = {};
  const lines: NonNullable<ProgrammeBudget['lines']> = [];
  for (const line of form.lines) {
    if (line.budget.trim() === '' && line.spent.trim() === '') continue;
    const index = lines.length;
    const budget = textToCents(line.budget);
    const byHand = SPENT_BY_HAND.includes(line.category);
    const spent = byHand ? textToCents(line.spent) : null;
    if (budget === undefined) errors[`lines.${index}.budget_cents`] = 'not_amount';
    if (spent === undefined) errors[`lines.${index}.spent_cents`] = 'not_amount';
    lines.push({ category: line.category, budget_cents: budget ?? 0, ...(byHand ? { spent_cents: spent ?? null } : {}) });
  }
  const funders = form.funders.map((f, i) => {
    const share = f.mode === 'share' ? textToBp(f.share) : null;
    const amount = f.mode === 'amount' ? textToCents(f.amount) : null;
    if (share === undefined) errors[`funders.${i}.share_bp`] = 'not_share';
    if (amount === undefined) errors[`funders.${i}.amount_cents`] = 'not_amount';
    return {
      name: f.name.trim(),
      iati_ref: f.iatiRef.trim() || null,
      category: f.category || null,
      share_bp: share ?? null,
      amount_cents: amount ?? null,
    };
  });
  const target = form.targetPeople.trim();
  if (target && !/^\d{1,9}$/.test(target)) errors['profile.target_people'] = 'not_number';
  return {
    budget: {
      profile: {
        target_people: target && /^\d{1,9}$/.test(target) ? Number(target) : null,
        starts_on: form.startsOn || null,
        ends_on: form.endsOn || null,
        iati_identifier: form.iatiIdentifier.trim() || null,
        iati_org_ref: form.iatiOrgRef.trim() || null,
      },
      lines,
      funders,
    },
    errors,
  };
}

/**
 * The index of a line in the form from its index in the body (the empty lines were left out), so
 * that a server error on `lines.1.budget_cents` shows beside the right category.
 */
export function sentLineIndexes(form: BudgetForm): Map<number, number> {
  const out = new Map<number, number>();
  let sent = 0;
  form.lines.forEach((line, i) => {
    if (line.budget.trim() === '' && line.spent.trim() === '') return;
    out.set(sent++, i);
  });
  return out;
}

// --- Names ------------------------------------------------------------------------------------------

/** INSEE order of department codes: 01…19, 2A, 2B, 21…95, then 971…976. */
function departmentOrder(code: string): number {
  if (code === '2A') return 20.1;
  if (code === '2B') return 20.2;
  return Number(code);
}

/** The departments to choose from, in code order, each once. */
export function departmentChoices(list: readonly { code: string; name: string }[]): { code: string; name: string }[] {
  const seen = new Map(list.map((d) => [d.code, d]));
  return [...seen.values()].sort((a, b) => departmentOrder(a.code) - departmentOrder(b.code));
}

/** A language's name in the UI language (Intl), the code itself when unknown. */
export function languageDisplayName(code: string, language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language', fallback: 'none' }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(language) + name.slice(1) : code;
  } catch {
    return code;
  }
}

/** "2026-03" as the language writes a month: "mars 2026". */
export function formatMonth(month: string, language: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export function isStructureType(value: string): value is StructureType {
  return (STRUCTURE_TYPES as readonly string[]).includes(value);
}
