import { describe, expect, it } from 'vitest';
import {
  anyHidden,
  budgetToForm,
  classBounds,
  colourClass,
  defaultExpiry,
  departmentChoices,
  exportUrl,
  formToBudget,
  formatDisclosed,
  formatEuroCents,
  formatMaybeEuros,
  insetDrawingBox,
  insetLayout,
  languageDisplayName,
  leadTime,
  mapFill,
  maxExpiry,
  niceStep,
  parseResultsSelection,
  plotted,
  resultsPath,
  sentLineIndexes,
  shareLinkState,
  sharedPath,
  textToBp,
  textToCents,
  bpToText,
  centsToText,
  type ResultsPlace,
} from './results';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('disclosed counts', () => {
  it('reads a count, "< 5" for null and "s" for a secret one', () => {
    expect(formatDisclosed(2500, 'fr', '< 5', 's')).toBe(`2${NNBSP}500`);
    expect(formatDisclosed(2500, 'en', '< 5', 's')).toBe('2,500');
    expect(formatDisclosed(null, 'fr', '< 5', 's')).toBe('< 5');
    expect(formatDisclosed('secret', 'fr', '< 5', 's')).toBe('s');
    expect(formatDisclosed(0, 'fr', '< 5', 's')).toBe('0');
  });

  it('plots hidden counts as gaps, never as numbers', () => {
    expect([2500, null, 'secret', 0].map((v) => plotted(v as never))).toEqual([2500, null, null, 0]);
    expect(anyHidden([1, 2, 'secret'])).toBe(true);
    expect(anyHidden([1, null])).toBe(true);
    expect(anyHidden([1, 0])).toBe(false);
  });
});

describe('euros and lead times', () => {
  it('writes cents as euros with narrow no-break spaces in French', () => {
    expect(formatEuroCents(200000, 'fr')).toBe(`2${NNBSP}000,00${NBSP}€`);
    expect(formatEuroCents(2400, 'en')).toBe('€24.00');
    expect(formatMaybeEuros(null, 'fr', '—')).toBe('—');
  });

  it('says a lead time in days from 48 hours on, else in hours', () => {
    expect(leadTime(76)).toEqual({ unit: 'days', value: 3.2 });
    expect(leadTime(48)).toEqual({ unit: 'days', value: 2 });
    expect(leadTime(47.94)).toEqual({ unit: 'hours', value: 47.9 });
    expect(leadTime(17)).toEqual({ unit: 'hours', value: 17 });
  });
});

describe('colour classes', () => {
  it('rounds the class width up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(3.2)).toBe(5);
    expect(niceStep(0.14)).toBe(0.2);
    expect(niceStep(22)).toBe(25);
    expect(niceStep(10)).toBe(10);
  });

  it('makes five classes from 0 covering the largest value', () => {
    expect(classBounds([16, 0, null, 3])).toEqual([0, 5, 10, 15, 20, 25]);
    expect(classBounds([0, 0])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(classBounds([])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(classBounds([0.7])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('puts a value in its class, a bound in the class above, the largest in the last', () => {
    const bounds = [0, 5, 10, 15, 20, 25];
    expect(colourClass(0, bounds)).toBe(0);
    expect(colourClass(4.9, bounds)).toBe(0);
    expect(colourClass(5, bounds)).toBe(1);
    expect(colourClass(16, bounds)).toBe(3);
    expect(colourClass(25, bounds)).toBe(4);
  });

  it('fills no structure grey, a hidden count hatched, else by class', () => {
    const bounds = [0, 5, 10, 15, 20, 25];
    const place = (connected: ResultsPlace['connected'], per100: number | null, structures = 2): ResultsPlace => ({
      code: '971',
      name: 'Guadeloupe',
      structures,
      places: 188,
      connected,
      per_100_places: per100,
    });
    expect(mapFill(undefined, bounds)).toEqual({ kind: 'none' });
    expect(mapFill(place(0, 0, 0), bounds)).toEqual({ kind: 'none' });
    expect(mapFill(place(null, null), bounds)).toEqual({ kind: 'hidden' });
    expect(mapFill(place('secret', null), bounds)).toEqual({ kind: 'hidden' });
    expect(mapFill(place(30, 16), bounds)).toEqual({ kind: 'class', index: 3 });
  });
});

describe('the map layout', () => {
  it('puts the overseas boxes in a row under metropolitan France, filling the width', () => {
    const { main, insets } = insetLayout(600, 660, 5, 112, 8);
    expect(main).toEqual({ x: 0, y: 0, width: 600, height: 540 });
    expect(insets).toHaveLength(5);
    expect(insets[0]).toEqual({ x: 0, y: 548, width: 113.6, height: 112 });
    expect(insets[4].x + insets[4].width).toBeCloseTo(600, 9);
    for (let i = 1; i < 5; i++) expect(insets[i].x - (insets[i - 1].x + insets[i - 1].width)).toBeCloseTo(8, 9);
  });

  it('puts them on two rows on a phone, the last one centred', () => {
    const { main, insets } = insetLayout(600, 900, 5, 150, 10, 3);
    expect(main.height).toBe(580);
    expect(insets.map((b) => [Math.round(b.x * 100) / 100, b.y])).toEqual([
      [0, 590],
      [203.33, 590],
      [406.67, 590],
      [101.67, 750],
      [305, 750],
    ]);
    expect(insets[0].width).toBeCloseTo(193.33, 2);
  });

  it('draws an inset below its name, inside a margin', () => {
    expect(insetDrawingBox({ x: 10, y: 100, width: 100, height: 112 }, 22, 6)).toEqual({ x: 16, y: 128, width: 88, height: 78 });
    expect(insetDrawingBox({ x: 0, y: 0, width: 4, height: 10 }, 22, 6)).toEqual({ x: 6, y: 28, width: 0, height: 0 });
  });
});

describe('the filters in the address', () => {
  it('reads the programme and the filters, dropping what is not valid', () => {
    expect(parseResultsSelection('?programme=2&from=2020-04-01&to=2020-06-30&department=2a&structure_type=CADA')).toEqual({
      programme: 2,
      from: '2020-04-01',
      to: '2020-06-30',
      department: '2A',
      structureType: 'CADA',
    });
    expect(parseResultsSelection('?programme=0&from=2020-02-30&to=yesterday&department=20&structure_type=hotel')).toEqual({
      programme: null,
      from: '',
      to: '',
      department: '',
      structureType: '',
    });
    expect(parseResultsSelection('?department=971').department).toBe('971');
  });

  it('writes them back in a stable order, leaving out the empty ones', () => {
    const selection = { programme: 1, from: '2020-04-01', to: '', department: '971', structureType: 'CADA' as const };
    expect(resultsPath('/results', selection)).toBe('/results?programme=1&from=2020-04-01&department=971&structure_type=CADA');
    expect(resultsPath('/shared/abcdefgh', { from: '', to: '', department: '', structureType: '' })).toBe('/shared/abcdefgh');
    expect(parseResultsSelection(resultsPath('/results', selection).split('?')[1])).toEqual(selection);
  });

  it('links the exports with the filters and the language (IATI without)', () => {
    const filter = { from: '2020-04-01', to: '2020-12-31', department: '', structureType: 'HUDA' as const };
    expect(exportUrl(1, 'csv', filter, 'fr')).toBe('/api/v1/programmes/1/results.csv?from=2020-04-01&to=2020-12-31&structure_type=HUDA&lang=fr');
    expect(exportUrl(1, 'pdf', filter, 'en')).toBe('/api/v1/programmes/1/results.pdf?from=2020-04-01&to=2020-12-31&structure_type=HUDA&lang=en');
    expect(exportUrl(3, 'xlsx', { from: '', to: '', department: '', structureType: '' }, 'fr')).toBe('/api/v1/programmes/3/results.xlsx?lang=fr');
    expect(exportUrl(1, 'iati', { from: '', to: '', department: '971', structureType: '' }, 'fr')).toBe('/api/v1/programmes/1/iati.xml?department=971');
  });

  it('lists the departments in INSEE order', () => {
    const list = departmentChoices([
      { code: '971', name: 'Guadeloupe' },
      { code: '2B', name: 'Haute-Corse' },
      { code: '21', name: 'Côte-d’Or' },
      { code: '2A', name: 'Corse-du-Sud' },
      { code: '01', name: 'Ain' },
    ]);
    expect(list.map((d) => d.code)).toEqual(['01', '2A', '2B', '21', '971']);
  });
});

describe('share links', () => {
  it('expires three months ahead by default, the last day of a shorter month', () => {
    expect(defaultExpiry(new Date('2026-12-06T14:00:00Z'))).toBe('2027-03-06');
    expect(defaultExpiry(new Date('2026-11-30T10:00:00Z'))).toBe('2027-02-28');
    expect(maxExpiry(new Date('2026-12-06T14:00:00Z'))).toBe('2027-12-07');
  });

  it('tells an active, expired and revoked link apart', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const link = { id: 1, programme_id: 1, created_at: '2026-12-01T00:00:00Z', expires_at: '2027-01-31T23:59:59Z', revoked_at: null };
    expect(shareLinkState(link, now)).toBe('active');
    expect(shareLinkState({ ...link, expires_at: '2026-12-05T23:59:59Z' }, now)).toBe('expired');
    expect(shareLinkState({ ...link, revoked_at: '2026-12-02T00:00:00Z' }, now)).toBe('revoked');
  });

  it('opens the public page by its path, whatever address the server gives', () => {
    expect(sharedPath('http://localhost:18191/shared/aG5BAUIKuUpz2-V6LGR_WtP5OhjFKKXd')).toBe('/shared/aG5BAUIKuUpz2-V6LGR_WtP5OhjFKKXd');
  });
});

describe('the budget form', () => {
  it('reads euros and per cents as typed', () => {
    expect(textToCents(`1${NNBSP}500,5 €`)).toBe(150050);
    expect(textToCents('2000')).toBe(200000);
    expect(textToCents('')).toBeNull();
    expect(textToCents('12,345')).toBeUndefined();
    expect(textToCents('-5')).toBeUndefined();
    expect(textToBp('12,5')).toBe(1250);
    expect(textToBp('100 %')).toBe(10000);
    expect(textToBp('abc')).toBeUndefined();
    expect(centsToText(150050, 'fr')).toBe('1500,50');
    expect(centsToText(200000, 'en')).toBe('2000');
    expect(bpToText(1250, 'fr')).toBe('12,5');
    expect(bpToText(6000, 'en')).toBe('60');
  });

  it('makes the whole body, empty lines left out, spent only where typed by hand', () => {
    const form = budgetToForm(
      { lines: [{ category: 'topups', budget_cents: 200000 }], funders: [{ name: 'DIAIR', share_bp: 6000 }], profile: {} },
      'fr',
    );
    expect(form.lines.map((l) => l.category)).toEqual(['cards', 'topups', 'shipping', 'devices', 'training', 'coordination']);
    expect(form.lines[1].budget).toBe('2000');
    expect(form.funders[0]).toMatchObject({ name: 'DIAIR', mode: 'share', share: '60' });
    form.lines[3].budget = '500';
    form.lines[3].spent = '120,50';
    form.lines[0].spent = '99';
    form.targetPeople = '2500';
    form.funders.push({ name: ' Fondation ', iatiRef: '', category: 'devices', mode: 'amount', share: '', amount: '300' });
    const { budget, errors } = formToBudget(form);
    expect(errors).toEqual({});
    expect(budget.lines).toEqual([
      { category: 'cards', budget_cents: 0 },
      { category: 'topups', budget_cents: 200000 },
      { category: 'devices', budget_cents: 50000, spent_cents: 12050 },
    ]);
    expect(budget.funders).toEqual([
      { name: 'DIAIR', iati_ref: null, category: null, share_bp: 6000, amount_cents: null },
      { name: 'Fondation', iati_ref: null, category: 'devices', share_bp: null, amount_cents: 30000 },
    ]);
    expect(budget.profile).toEqual({ target_people: 2500, starts_on: null, ends_on: null, iati_identifier: null, iati_org_ref: null });
    expect([...sentLineIndexes(form)]).toEqual([
      [0, 0],
      [1, 1],
      [2, 3],
    ]);
  });

  it('names the fields it cannot read as the server would', () => {
    const form = budgetToForm({ lines: [], funders: [], profile: {} }, 'fr');
    form.lines[2].budget = 'beaucoup';
    form.funders.push({ name: 'A', iatiRef: '', category: '', mode: 'share', share: 'x', amount: '' });
    form.targetPeople = '12.5';
    expect(formToBudget(form).errors).toEqual({
      'lines.0.budget_cents': 'not_amount',
      'funders.0.share_bp': 'not_share',
      'profile.target_people': 'not_number',
    });
  });
});

describe('language names', () => {
  it('names a language in the UI language, the code when unknown', () => {
    expect(languageDisplayName('ar', 'fr')).toBe('Arabe');
    expect(languageDisplayName('ar', 'en')).toBe('Arabic');
    expect(languageDisplayName('zz-not-a-code-at-all', 'fr')).toBe('zz-not-a-code-at-all');
  });
});
