import { describe, expect, it } from 'vitest';
import {
  activationRequestsFileName,
  activationRequestsUrl,
  operatorLabel,
  reportOutcome,
  STATUS_REPORT_HEADER,
} from './operator_exchange';

const problem = (code: string, status = 422) => ({ type: `/problems/${code}`, title: code, status, code });

describe('activation requests', () => {
  it('asks for one operator, encoded', () => {
    expect(activationRequestsUrl('SFR')).toBe('/api/v1/activation-requests?operator=SFR');
    expect(activationRequestsUrl('A&B')).toBe('/api/v1/activation-requests?operator=A%26B');
  });

  it('names the file after the operator, safely', () => {
    expect(activationRequestsFileName('SFR')).toBe('activation-requests-SFR.csv');
    expect(activationRequestsFileName('A/B')).toBe('activation-requests-A_B.csv');
  });
});

describe('reportOutcome', () => {
  it('reads the counts of an applied report', () => {
    expect(reportOutcome(200, { applied: 1, unchanged: 2 }, undefined)).toEqual({
      kind: 'applied',
      result: { applied: 1, unchanged: 2 },
    });
  });

  it('sorts refusals by their code', () => {
    expect(reportOutcome(422, undefined, problem('import_failed')).kind).toBe('refused');
    expect(reportOutcome(422, undefined, problem('validation_failed')).kind).toBe('invalid');
    expect(reportOutcome(403, undefined, problem('forbidden', 403))).toEqual({
      kind: 'error',
      problem: problem('forbidden', 403),
    });
    expect(reportOutcome(502, undefined, undefined)).toEqual({ kind: 'error', problem: null });
  });
});

describe('operatorLabel and header', () => {
  it('shows the code, and the name when it differs', () => {
    expect(operatorLabel({ code: 'SFR', name: 'SFR' })).toBe('SFR');
    expect(operatorLabel({ code: 'BYT', name: 'Bouygues Telecom' })).toBe('BYT — Bouygues Telecom');
  });

  it('names the four columns of a report', () => {
    expect(STATUS_REPORT_HEADER.split(';')).toEqual(['iccid', 'status', 'date', 'data_used_mb']);
  });
});
