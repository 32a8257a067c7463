import { describe, expect, it } from 'vitest';
import { errorsByValue, fieldErrors, isProblem, otherErrors, problemMessage, saveOutcome, type Problem } from './problem';

const validation: Problem = {
  type: '/problems/validation_failed',
  title: 'Validation failed',
  status: 422,
  detail: 'Certains champs sont invalides.',
  code: 'validation_failed',
  errors: [
    { field: 'department', value: '20', reason: 'unknown_department', message: 'Département 20 inconnu.' },
    { field: 'postcode', value: '7500', reason: 'bad_postcode', message: 'Code postal à 5 chiffres.' },
    { field: 'postcode', value: '7500', reason: 'required', message: 'Obligatoire.' },
    { field: 'website', value: 'x', reason: 'too_long', message: 'Trop long.' },
    { line: 3, column: 'department', value: '20', reason: 'unknown_department', message: 'Ligne 3.' },
  ],
};

describe('fieldErrors', () => {
  it('maps each field to its message, joining several in order', () => {
    expect(fieldErrors(validation)).toEqual({
      department: 'Département 20 inconnu.',
      postcode: 'Code postal à 5 chiffres. Obligatoire.',
      website: 'Trop long.',
    });
  });

  it('gives nothing for a problem without errors or no problem', () => {
    expect(fieldErrors({ ...validation, errors: undefined })).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});

describe('otherErrors', () => {
  it('keeps the errors not shown next to a field', () => {
    const rest = otherErrors(validation, ['department', 'postcode']);
    expect(rest.map((e) => e.field ?? `line ${e.line}`)).toEqual(['website', 'line 3']);
  });
});

describe('problemMessage', () => {
  it('prefers the detail, then the title, then the fallback', () => {
    expect(problemMessage(validation, 'fallback')).toBe('Certains champs sont invalides.');
    expect(problemMessage({ ...validation, detail: undefined }, 'fallback')).toBe('Validation failed');
    expect(problemMessage(null, 'fallback')).toBe('fallback');
  });
});

describe('isProblem', () => {
  it('recognises a problem document and refuses other bodies', () => {
    expect(isProblem(validation)).toBe(true);
    expect(isProblem({ items: [] })).toBe(false);
    expect(isProblem(null)).toBe(false);
    expect(isProblem('error')).toBe(false);
  });
});

describe('saveOutcome', () => {
  it('hands the saved resource on and resolves to no problem', async () => {
    const saved: number[] = [];
    const outcome = await saveOutcome(Promise.resolve({ data: { id: 7 } }), (data) => saved.push(data.id));
    expect(outcome).toBeNull();
    expect(saved).toEqual([7]);
  });

  it("resolves to the server's problem when the write is refused", async () => {
    let called = false;
    const outcome = await saveOutcome<{ id: number }>(Promise.resolve({ error: validation }), () => (called = true));
    expect(outcome).toEqual(validation);
    expect(called).toBe(false);
  });

  it('rejects on a network failure', async () => {
    await expect(saveOutcome(Promise.reject(new TypeError('Failed to fetch')), () => {})).rejects.toThrow('Failed to fetch');
  });
});

describe('errorsByValue', () => {
  const refused: Problem = {
    type: '/problems/validation_failed',
    title: 'Validation failed',
    status: 422,
    code: 'validation_failed',
    errors: [
      { field: 'needs', value: 'schooling: -7', reason: 'out_of_range', message: 'Entre 0 et 100000.' },
      { field: 'needs', value: 'swimming', reason: 'unknown_needs', message: 'Besoin inconnu.' },
      { field: 'referral_ids', value: '12', reason: 'referral_elsewhere', message: 'Pas à vous.' },
      { field: 'referral_ids', value: '12', reason: 'repeated', message: 'Deux fois.' },
      { field: 'quantity', value: '94', reason: 'over_capacity', message: 'Au plus 93.' },
      { field: 'leaflet_languages', value: '', reason: 'required', message: 'Obligatoire.' },
    ],
  };

  it('keys a field errors by the value they name, the part before a colon', () => {
    expect(errorsByValue(refused, 'needs')).toEqual({ schooling: 'Entre 0 et 100000.', swimming: 'Besoin inconnu.' });
    expect(errorsByValue(refused, 'referral_ids')).toEqual({ '12': 'Pas à vous. Deux fois.' });
  });

  it('leaves out errors without a value and other fields', () => {
    expect(errorsByValue(refused, 'leaflet_languages')).toEqual({});
    expect(errorsByValue(refused, 'comment')).toEqual({});
    expect(errorsByValue(null, 'needs')).toEqual({});
  });
});
