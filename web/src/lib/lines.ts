// Lines in use in the UI (issue 12): the structure's to-do list grouped by kind, the words for a
// top-up's and an incident's status (labels in the i18n catalogues under `todo.`,
// `topup_statuses.`, `line_incident_kinds.`, `line_incident_statuses.` and `replacement_modes.`),
// what a resident's line has (its top-ups, its incident, its follow-up), and the follow-up survey:
// its questions' labels in the resident's and the staff's languages, and the answers the form
// sends. Pure: the pages call the API.
import type { components } from './api-types';
import type { Handover, Resident } from './residents';

export type TodoList = components['schemas']['TodoList'];
export type TodoItem = components['schemas']['TodoItem'];
export type TodoKind = TodoItem['kind'];
export type Topup = components['schemas']['Topup'];
export type TopupStatus = Topup['status'];
export type LineIncident = components['schemas']['LineIncident'];
export type LineIncidentKind = LineIncident['kind'];
export type LineIncidentStatus = LineIncident['status'];
export type ReplacementMode = 'keep_number' | 'new_line';
export type FollowUp = components['schemas']['FollowUp'];
export type Programme = components['schemas']['Programme'];
export type SurveyQuestion = components['schemas']['SurveyQuestion'];
export type SurveyKind = SurveyQuestion['kind'];

/** The to-do list's groups, in the order the home shows them. */
export const TODO_KINDS: readonly TodoKind[] = ['activation_late', 'line_ending', 'follow_up_due', 'incident_waiting'];
export const TOPUP_STATUSES: readonly TopupStatus[] = ['requested', 'approved', 'confirmed', 'refused'];
export const LINE_INCIDENT_KINDS: readonly LineIncidentKind[] = ['lost', 'stolen', 'defective'];
export const LINE_INCIDENT_STATUSES: readonly LineIncidentStatus[] = [
  'declared',
  'block_requested',
  'blocked',
  'swap_requested',
  'replaced',
];
export const REPLACEMENT_MODES: readonly ReplacementMode[] = ['keep_number', 'new_line'];
/** The refusals of a top-up the page words itself (the server's detail says the rest). */
export const TOPUP_REFUSALS = ['plan_not_rechargeable', 'budget_exceeded', 'line_not_active', 'topup_under_way'] as const;

/** Languages written right to left: a question's label in them is set `dir="rtl"`. */
const RTL = new Set(['ar', 'fa', 'prs', 'ps', 'ur', 'he', 'ckb', 'yi']);

export function isRtl(lang: string): boolean {
  return RTL.has(lang);
}

// The i18n keys; a code a newer server may send falls back to the code itself.
function keyIn(prefix: string, codes: readonly string[], code: string): string {
  return codes.includes(code) ? `${prefix}.${code}` : code;
}

/** The heading of a to-do group, with plural forms (`todo.count.<kind>_one` / `_other`). */
export function todoCountKey(kind: string): string {
  return keyIn('todo.count', TODO_KINDS, kind);
}

export function topupStatusKey(status: string): string {
  return keyIn('topup_statuses', TOPUP_STATUSES, status);
}

export function incidentKindKey(kind: string): string {
  return keyIn('line_incident_kinds', LINE_INCIDENT_KINDS, kind);
}

export function incidentStatusKey(status: string): string {
  return keyIn('line_incident_statuses', LINE_INCIDENT_STATUSES, status);
}

export function replacementModeKey(mode: string): string {
  return keyIn('replacement_modes', REPLACEMENT_MODES, mode);
}

/** A 409 of a top-up said by the page in a sentence of its own; null: the server's detail. */
export function topupRefusalKey(code: string | undefined): string | null {
  return code && (TOPUP_REFUSALS as readonly string[]).includes(code) ? `line.topup_refused.${code}` : null;
}

export interface TodoGroup {
  kind: TodoKind;
  items: TodoItem[];
}

/**
 * The to-do items by kind, in `TODO_KINDS` order, the empty kinds left out; within a kind the
 * oldest date first (the most overdue), then by pseudonym. A kind a newer server may send comes
 * last, under its own code.
 */
export function groupTodo(items: readonly TodoItem[]): TodoGroup[] {
  const byKind = new Map<TodoKind, TodoItem[]>();
  for (const item of items) {
    const list = byKind.get(item.kind) ?? [];
    list.push(item);
    byKind.set(item.kind, list);
  }
  const known = TODO_KINDS.filter((k) => byKind.has(k));
  const unknown = [...byKind.keys()].filter((k) => !TODO_KINDS.includes(k));
  return [...known, ...unknown].map((kind) => ({
    kind,
    items: [...byKind.get(kind)!].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.pseudonym.localeCompare(b.pseudonym),
    ),
  }));
}

/** The line's top-ups, newest first. */
export function topupsOf(resident: Pick<Resident, 'topups'>, line: Pick<Handover, 'id'>): Topup[] {
  return (resident.topups ?? [])
    .filter((t) => t.handover_id === line.id)
    .sort((a, b) => (a.requested_at < b.requested_at ? 1 : a.requested_at > b.requested_at ? -1 : b.id - a.id));
}

/** A top-up asked and not yet confirmed or refused: no other can be asked meanwhile. */
export function topupUnderWay(topups: readonly Topup[]): Topup | null {
  return topups.find((t) => t.status === 'requested' || t.status === 'approved') ?? null;
}

/**
 * The incident that concerns the line the resident holds: one declared on it and not yet
 * replaced, or the one it replaces while the operator moves the number to it (swap asked).
 */
export function incidentOf(resident: Pick<Resident, 'incidents'>, line: Pick<Handover, 'id'>): LineIncident | null {
  const incidents = [...(resident.incidents ?? [])].sort((a, b) => b.id - a.id);
  return (
    incidents.find((i) => i.handover_id === line.id && i.status !== 'replaced') ??
    incidents.find((i) => i.replacement_handover_id === line.id && i.status === 'swap_requested') ??
    null
  );
}

/** Whether the line can still be declared lost, stolen or defective: no incident on it yet. */
export function canDeclare(resident: Pick<Resident, 'incidents'>, line: Pick<Handover, 'id'>): boolean {
  return !(resident.incidents ?? []).some((i) => i.handover_id === line.id);
}

/** The line's follow-up survey, once recorded. */
export function followUpOf(resident: Pick<Resident, 'follow_ups'>, line: Pick<Handover, 'id'>): FollowUp | null {
  return (resident.follow_ups ?? []).find((f) => f.handover_id === line.id) ?? null;
}

function consentGiven(resident: Pick<Resident, 'consents'>, purpose: 'follow_up' | 'testimony'): boolean {
  return (resident.consents ?? []).some((c) => c.purpose === purpose && c.status === 'given');
}

/** The follow-up survey is offered: the resident consented to it and none is recorded for the line. */
export function followUpToDo(resident: Pick<Resident, 'consents' | 'follow_ups'>, line: Pick<Handover, 'id'>): boolean {
  return consentGiven(resident, 'follow_up') && followUpOf(resident, line) === null;
}

/** When the follow-up survey is due: the programme's delay after the handover (ISO, UTC). */
export function followUpDueAt(handedOverAt: string, days: number): string | null {
  const from = Date.parse(handedOverAt);
  if (Number.isNaN(from)) return null;
  return new Date(from + days * 86_400_000).toISOString();
}

/** A testimony is asked only with the resident's separate consent to publish it. */
export function testimonyAllowed(resident: Pick<Resident, 'consents'>): boolean {
  return consentGiven(resident, 'testimony');
}

/** The questions shown: the testimony left out without its consent. */
export function questionsShown(questions: readonly SurveyQuestion[], withTestimony: boolean): SurveyQuestion[] {
  return questions.filter((q) => withTestimony || q.kind !== 'testimony');
}

/** The programme a line belongs to (its `code`), or null. */
export function programmeOf(programmes: readonly Programme[], code: string): Programme | null {
  return programmes.find((p) => p.code === code) ?? null;
}

export interface Label {
  text: string;
  lang: string;
  dir: 'rtl' | 'ltr';
}

function label(labels: Record<string, string | undefined> | undefined, lang: string): Label | null {
  const text = labels?.[lang];
  return text ? { text, lang, dir: isRtl(lang) ? 'rtl' : 'ltr' } : null;
}

/**
 * A question's (or an option's) label as the staff reads it, in their language (else French), and
 * in the resident's first language beside it when the survey has it there and it differs.
 */
export function labelsFor(
  labels: Record<string, string | undefined> | undefined,
  residentLanguages: readonly string[] | undefined,
  staffLanguage: string,
): { staff: Label; resident: Label | null } {
  const staff = label(labels, staffLanguage) ??
    label(labels, 'fr') ?? { text: Object.values(labels ?? {}).find(Boolean) ?? '', lang: 'fr', dir: 'ltr' };
  const first = residentLanguages?.[0];
  const own = first && first !== staff.lang ? label(labels, first) : null;
  return { staff, resident: own && own.text !== staff.text ? own : null };
}

/** The form's values: a list of option ids for `choices`, else the text of the field. */
export type SurveyForm = Record<string, string | string[]>;

/** An empty form for the questions. */
export function emptySurveyForm(questions: readonly SurveyQuestion[]): SurveyForm {
  return Object.fromEntries(questions.map((q) => [q.id, q.kind === 'choices' ? [] : '']));
}

export type SurveyAnswers = Record<string, string[] | boolean | number | string>;

/**
 * The answers the API takes, by question id: a list for `choices`, a boolean for `yes_no`
 * ("yes"/"no"), an integer for `scale`, a trimmed text for `text` and `testimony`. A question
 * left unanswered is left out (the server says so when it is required), and so is a testimony
 * without its consent.
 */
export function surveyAnswers(
  questions: readonly SurveyQuestion[],
  form: SurveyForm,
  withTestimony: boolean,
): SurveyAnswers {
  const answers: SurveyAnswers = {};
  for (const q of questions) {
    const value = form[q.id];
    if (value === undefined) continue;
    switch (q.kind) {
      case 'choices': {
        const options = new Set((q.options ?? []).map((o) => o.id));
        const list = (Array.isArray(value) ? value : [value]).filter((v) => options.has(v));
        if (list.length > 0) answers[q.id] = [...new Set(list)];
        break;
      }
      case 'yes_no':
        if (value === 'yes' || value === 'no') answers[q.id] = value === 'yes';
        break;
      case 'scale': {
        const n = Number(value);
        if (typeof value === 'string' && value.trim() !== '' && Number.isInteger(n)) answers[q.id] = n;
        break;
      }
      case 'testimony': {
        if (!withTestimony) break;
        const text = (Array.isArray(value) ? value.join(' ') : value).trim();
        if (text) answers[q.id] = text;
        break;
      }
    }
  }
  return answers;
}

/** The survey's errors by question id, from a 422's `answers.<id>` fields. */
export function answerErrors(fieldErrors: Record<string, string>): { byQuestion: Record<string, string>; other: string[] } {
  const byQuestion: Record<string, string> = {};
  const other: string[] = [];
  for (const [field, message] of Object.entries(fieldErrors)) {
    const m = /^answers\.([a-z0-9_]+)$/.exec(field);
    if (m) byQuestion[m[1]] = message;
    else other.push(message);
  }
  return { byQuestion, other };
}
