import { describe, expect, it } from 'vitest';
import {
  answerErrors,
  canDeclare,
  emptySurveyForm,
  followUpDueAt,
  followUpOf,
  followUpToDo,
  groupTodo,
  incidentKindKey,
  incidentOf,
  incidentStatusKey,
  isRtl,
  labelsFor,
  programmeOf,
  questionsShown,
  replacementModeKey,
  surveyAnswers,
  testimonyAllowed,
  todoCountKey,
  topupRefusalKey,
  topupStatusKey,
  topupUnderWay,
  topupsOf,
  type FollowUp,
  type LineIncident,
  type Programme,
  type SurveyQuestion,
  type TodoItem,
  type Topup,
} from './lines';
import type { Consent } from './residents';

function todo(kind: TodoItem['kind'], pseudonym: string, date: string, detail: string | null = null): TodoItem {
  return { kind, structure_id: 6, resident_id: 1, pseudonym, handover_id: 1, incident_id: null, iccid: null, date, detail };
}

function topup(id: number, handover_id: number, status: Topup['status'], requested_at: string): Topup {
  return {
    id,
    handover_id,
    iccid: '8933102000012024809',
    msisdn: '+33610000001',
    programme: 'CU-2020',
    structure_id: 6,
    structure_name: 'CADA',
    pseudonym: 'R-AAAA-BBBB',
    operator: 'SFR',
    cost_cents: 1000,
    validity_days: 90,
    status,
    requested_at,
    decided_at: null,
    confirmed_at: null,
  };
}

function incident(id: number, handover_id: number, status: LineIncident['status'], replacement_handover_id: number | null = null): LineIncident {
  return {
    id,
    handover_id,
    iccid: '8933102000012024809',
    msisdn: null,
    resident_id: 1,
    pseudonym: 'R-AAAA-BBBB',
    structure_id: 6,
    structure_name: 'CADA',
    operator: 'SFR',
    kind: 'lost',
    status,
    declared_at: '2026-12-01T10:00:00Z',
    block_requested_at: null,
    blocked_at: null,
    replacement_mode: replacement_handover_id ? 'keep_number' : null,
    replacement_iccid: null,
    replacement_handover_id,
    replaced_at: null,
    swapped_at: null,
  };
}

function consent(purpose: Consent['purpose'], status: Consent['status']): Consent {
  return { purpose, status } as Consent;
}

function followUp(handover_id: number): FollowUp {
  return {
    id: 1,
    resident_id: 1,
    handover_id,
    recorded_at: '2026-12-06T10:00:00Z',
    recorded_by_name: 'Julien Moreau',
    language: 'fr',
    answers: {},
    uses: [],
    still_used: true,
    satisfaction: 4,
    testimony: null,
  };
}

const survey: SurveyQuestion[] = [
  {
    id: 'uses',
    kind: 'choices',
    required: false,
    labels: { fr: 'Pour quoi\u202f?', en: 'What for?', ar: 'لماذا؟' },
    options: [
      { id: 'family', labels: { fr: 'Famille', en: 'Family' } },
      { id: 'health', labels: { fr: 'Santé', en: 'Health' } },
    ],
  },
  { id: 'still_used', kind: 'yes_no', required: true, labels: { fr: 'Toujours\u202f?', en: 'Still?' } },
  { id: 'satisfaction', kind: 'scale', required: false, labels: { fr: 'Satisfait\u202f?', en: 'Satisfied?' } },
  { id: 'testimony', kind: 'testimony', labels: { fr: 'Témoignage', en: 'Testimony' } },
];

describe('the to-do list', () => {
  it('groups the items by kind in the home\'s order, oldest first, and leaves out empty kinds', () => {
    const groups = groupTodo([
      todo('incident_waiting', 'R-CCCC-0001', '2026-12-06T09:00:00Z', 'declared'),
      todo('follow_up_due', 'R-BBBB-0002', '2026-11-02T09:00:00Z'),
      todo('activation_late', 'R-ZZZZ-0003', '2026-12-01T09:00:00Z'),
      todo('follow_up_due', 'R-AAAA-0004', '2026-11-01T09:00:00Z'),
      todo('activation_late', 'R-AAAA-0005', '2026-12-01T09:00:00Z'),
    ]);
    expect(groups.map((g) => g.kind)).toEqual(['activation_late', 'follow_up_due', 'incident_waiting']);
    expect(groups[0].items.map((i) => i.pseudonym)).toEqual(['R-AAAA-0005', 'R-ZZZZ-0003']);
    expect(groups[1].items.map((i) => i.pseudonym)).toEqual(['R-AAAA-0004', 'R-BBBB-0002']);
    expect(groups[2].items).toHaveLength(1);
  });

  it('is empty without items', () => {
    expect(groupTodo([])).toEqual([]);
  });

  it('keeps a kind a newer server sends, last', () => {
    const groups = groupTodo([todo('sim_expiring' as TodoItem['kind'], 'R-1', '2026-12-01'), todo('line_ending', 'R-2', '2026-12-01')]);
    expect(groups.map((g) => g.kind)).toEqual(['line_ending', 'sim_expiring']);
    expect(todoCountKey('sim_expiring')).toBe('sim_expiring');
  });
});

describe('status wording keys', () => {
  it('names each known code under its catalogue section and falls back to an unknown code', () => {
    expect(todoCountKey('follow_up_due')).toBe('todo.count.follow_up_due');
    expect(topupStatusKey('approved')).toBe('topup_statuses.approved');
    expect(topupStatusKey('cancelled')).toBe('cancelled');
    expect(incidentKindKey('stolen')).toBe('line_incident_kinds.stolen');
    expect(incidentStatusKey('block_requested')).toBe('line_incident_statuses.block_requested');
    expect(incidentStatusKey('closed')).toBe('closed');
    expect(replacementModeKey('keep_number')).toBe('replacement_modes.keep_number');
  });

  it('words the four top-up refusals itself and leaves the others to the server', () => {
    expect(topupRefusalKey('budget_exceeded')).toBe('line.topup_refused.budget_exceeded');
    expect(topupRefusalKey('line_not_active')).toBe('line.topup_refused.line_not_active');
    expect(topupRefusalKey('no_active_line')).toBeNull();
    expect(topupRefusalKey(undefined)).toBeNull();
  });
});

describe('a resident\'s line', () => {
  it('lists its own top-ups newest first and tells the one under way', () => {
    const all = [
      topup(1, 7, 'confirmed', '2026-07-14T08:00:00Z'),
      topup(2, 8, 'requested', '2026-12-01T08:00:00Z'),
      topup(3, 7, 'approved', '2026-12-05T08:00:00Z'),
    ];
    const own = topupsOf({ topups: all }, { id: 7 });
    expect(own.map((t) => t.id)).toEqual([3, 1]);
    expect(topupUnderWay(own)?.id).toBe(3);
    expect(topupUnderWay([topup(1, 7, 'confirmed', 'x'), topup(4, 7, 'refused', 'y')])).toBeNull();
  });

  it('finds the incident on the line, or the swap it replaces, but not a replaced one', () => {
    expect(incidentOf({ incidents: [incident(1, 7, 'blocked')] }, { id: 7 })?.id).toBe(1);
    expect(incidentOf({ incidents: [incident(1, 7, 'replaced', 9)] }, { id: 7 })).toBeNull();
    expect(incidentOf({ incidents: [incident(1, 7, 'swap_requested', 9)] }, { id: 9 })?.id).toBe(1);
    expect(incidentOf({ incidents: [incident(1, 7, 'replaced', 9)] }, { id: 9 })).toBeNull();
    expect(incidentOf({ incidents: undefined }, { id: 7 })).toBeNull();
  });

  it('declares one incident per line', () => {
    expect(canDeclare({ incidents: [] }, { id: 7 })).toBe(true);
    expect(canDeclare({ incidents: [incident(1, 7, 'declared')] }, { id: 7 })).toBe(false);
    expect(canDeclare({ incidents: [incident(1, 7, 'replaced', 9)] }, { id: 9 })).toBe(true);
  });

  it('offers the follow-up with its consent, until one is recorded for the line', () => {
    const consents = [consent('line', 'given'), consent('follow_up', 'given')];
    expect(followUpToDo({ consents, follow_ups: [] }, { id: 7 })).toBe(true);
    expect(followUpToDo({ consents, follow_ups: [followUp(7)] }, { id: 7 })).toBe(false);
    expect(followUpToDo({ consents, follow_ups: [followUp(7)] }, { id: 9 })).toBe(true);
    expect(followUpToDo({ consents: [consent('follow_up', 'withdrawn')], follow_ups: [] }, { id: 7 })).toBe(false);
    expect(followUpOf({ follow_ups: [followUp(7)] }, { id: 7 })?.satisfaction).toBe(4);
    expect(testimonyAllowed({ consents })).toBe(false);
    expect(testimonyAllowed({ consents: [consent('testimony', 'given')] })).toBe(true);
  });

  it('is due the programme\'s delay after the handover', () => {
    expect(followUpDueAt('2026-12-06T12:19:00Z', 30)).toBe('2027-01-05T12:19:00.000Z');
    expect(followUpDueAt('not a date', 30)).toBeNull();
  });

  it('finds the line\'s programme by its code', () => {
    const programmes = [{ id: 1, code: 'CU-2020' }, { id: 2, code: 'CU-2021' }] as Programme[];
    expect(programmeOf(programmes, 'CU-2021')?.id).toBe(2);
    expect(programmeOf(programmes, 'X')).toBeNull();
  });
});

describe('the follow-up survey', () => {
  it('shows the testimony only with its consent', () => {
    expect(questionsShown(survey, false).map((q) => q.id)).toEqual(['uses', 'still_used', 'satisfaction']);
    expect(questionsShown(survey, true)).toHaveLength(4);
  });

  it('labels a question in the staff\'s language and in the resident\'s first one when the survey has it', () => {
    expect(labelsFor(survey[0].labels, ['ar', 'fr'], 'fr')).toEqual({
      staff: { text: 'Pour quoi\u202f?', lang: 'fr', dir: 'ltr' },
      resident: { text: 'لماذا؟', lang: 'ar', dir: 'rtl' },
    });
    // Only the first language counts; English staff read English.
    expect(labelsFor(survey[0].labels, ['ti', 'ar'], 'en')).toEqual({ staff: { text: 'What for?', lang: 'en', dir: 'ltr' }, resident: null });
    // The resident's language is the staff's: said once.
    expect(labelsFor(survey[1].labels, ['en'], 'en').resident).toBeNull();
    expect(labelsFor(survey[1].labels, ['en'], 'fr').resident).toEqual({ text: 'Still?', lang: 'en', dir: 'ltr' });
    // A label missing in the staff's language falls back to French.
    expect(labelsFor({ fr: 'Seulement en français' }, [], 'en').staff).toEqual({ text: 'Seulement en français', lang: 'fr', dir: 'ltr' });
  });

  it('writes right to left in Arabic, Persian, Dari, Pashto and Urdu', () => {
    for (const lang of ['ar', 'fa', 'prs', 'ps', 'ur']) expect(isRtl(lang), lang).toBe(true);
    for (const lang of ['fr', 'en', 'ti', 'ru']) expect(isRtl(lang), lang).toBe(false);
  });

  it('builds the answers by question id with each kind\'s type', () => {
    const form = {
      ...emptySurveyForm(survey),
      uses: ['health', 'family', 'health', 'cinema'],
      still_used: 'no',
      satisfaction: '4',
      testimony: ' Elle a tout changé. ',
    };
    expect(surveyAnswers(survey, form, true)).toEqual({
      uses: ['health', 'family'],
      still_used: false,
      satisfaction: 4,
      testimony: 'Elle a tout changé.',
    });
    expect(surveyAnswers(survey, form, false)).not.toHaveProperty('testimony');
  });

  it('leaves the unanswered questions out', () => {
    expect(emptySurveyForm(survey)).toEqual({ uses: [], still_used: '', satisfaction: '', testimony: '' });
    expect(surveyAnswers(survey, emptySurveyForm(survey), true)).toEqual({});
    expect(surveyAnswers(survey, { still_used: 'yes', testimony: '   ' }, true)).toEqual({ still_used: true });
  });

  it('puts each refused answer beside its question', () => {
    expect(answerErrors({ 'answers.still_used': 'Ce champ est obligatoire.', answers: 'Trop de réponses.' })).toEqual({
      byQuestion: { still_used: 'Ce champ est obligatoire.' },
      other: ['Trop de réponses.'],
    });
  });
});
