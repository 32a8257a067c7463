import { describe, expect, it } from 'vitest';
import {
  NEEDS,
  REFERRAL_STATUSES,
  REQUEST_EVENTS,
  REQUEST_STATES,
  addReferralNeeds,
  allocationReason,
  emptyNeedCounts,
  isNeed,
  languageLabel,
  languageName,
  languageNames,
  maskedCount,
  mergeLanguages,
  needCounts,
  needEntries,
  needKey,
  needsBody,
  referralPeople,
  referralStatusKey,
  requestEventKey,
  requestStateKey,
  sumReferralNeeds,
  type Language,
} from './needs';

const arabic: Language = { code: 'ar', french: 'arabe', english: 'Arabic', native: 'العربية' };
const french: Language = { code: 'fr', french: 'français', english: 'French', native: 'français' };
const dari: Language = { code: 'prs', french: 'dari', english: 'Dari', native: 'دری' };

describe('lists and keys', () => {
  it('lists the needs, states, statuses and events of the API', () => {
    expect(NEEDS).toEqual(['keep_in_touch', 'job_search', 'training', 'language_course', 'schooling', 'administrative']);
    expect(REQUEST_STATES).toHaveLength(8);
    expect(REFERRAL_STATUSES).toEqual(['open', 'included', 'served', 'closed']);
    expect(REQUEST_EVENTS).toContain('create');
    expect(REQUEST_EVENTS).toContain('allocate');
  });

  it('names known codes by key and falls back to the code', () => {
    expect(needKey('schooling')).toBe('needs.schooling');
    expect(needKey('swimming')).toBe('swimming');
    expect(requestStateKey('partially_approved')).toBe('request_states.partially_approved');
    expect(requestStateKey('archived')).toBe('archived');
    expect(referralStatusKey('included')).toBe('referral_statuses.included');
    expect(requestEventKey('allocate')).toBe('request_events.allocate');
    expect(requestEventKey('teleport')).toBe('teleport');
    expect(isNeed('training')).toBe(true);
    expect(isNeed(3)).toBe(false);
  });
});

describe('language names', () => {
  it('uses the server\'s French name in French and its English name in English', () => {
    expect(languageName(arabic, 'fr')).toBe('arabe');
    expect(languageName(arabic, 'en')).toBe('Arabic');
    expect(languageName(dari, 'en')).toBe('Dari');
  });

  it('adds the native name only when it differs', () => {
    expect(languageLabel(arabic, 'fr')).toEqual({ name: 'arabe', native: 'العربية' });
    expect(languageLabel(french, 'fr')).toEqual({ name: 'français', native: null });
    expect(languageLabel(french, 'en')).toEqual({ name: 'French', native: 'français' });
  });

  it('names codes in order, keeping unknown ones', () => {
    expect(languageNames(['fr', 'ar', 'xx'], [arabic, french], 'fr')).toEqual(['français', 'arabe', 'xx']);
  });
});

describe('needs of referrals', () => {
  const family = { adults: 2, children: 3, needs: ['schooling', 'administrative'] as const };
  const single = { adults: 1, children: 0, needs: ['keep_in_touch', 'schooling'] as const };

  it('counts every person of a household for each of its needs', () => {
    expect(referralPeople(family)).toBe(5);
    const counts = sumReferralNeeds([
      { ...family, needs: [...family.needs] },
      { ...single, needs: [...single.needs] },
    ]);
    expect(counts).toEqual({ ...emptyNeedCounts(), schooling: 6, administrative: 5, keep_in_touch: 1 });
    expect(sumReferralNeeds([])).toEqual(emptyNeedCounts());
  });

  it('counts a need listed twice once', () => {
    expect(sumReferralNeeds([{ adults: 1, children: 1, needs: ['training', 'training'] }]).training).toBe(2);
  });

  it('adds a ticked referral to the counts typed by hand and takes an unticked one away', () => {
    const typed = { ...emptyNeedCounts(), job_search: 4, schooling: 1 };
    const added = addReferralNeeds(typed, { ...family, needs: [...family.needs] }, 1);
    expect(added).toEqual({ ...emptyNeedCounts(), job_search: 4, schooling: 6, administrative: 5 });
    expect(addReferralNeeds(added, { ...family, needs: [...family.needs] }, -1)).toEqual(typed);
  });

  it('never goes below zero and reads empty inputs as zero', () => {
    const out = addReferralNeeds({ schooling: null, administrative: 2 }, { ...family, needs: [...family.needs] }, -1);
    expect(out.schooling).toBe(0);
    expect(out.administrative).toBe(0);
  });

  it('merges the referrals languages after those chosen, once each', () => {
    expect(mergeLanguages(['fr'], [{ languages: ['ar', 'fr'] }, { languages: ['ps', 'ar'] }])).toEqual(['fr', 'ar', 'ps']);
    expect(mergeLanguages([], [])).toEqual([]);
  });
});

describe('request needs', () => {
  it('reads a request needs as counts for every need', () => {
    expect(needCounts({ schooling: 2, swimming: 3, training: 0 })).toEqual({ ...emptyNeedCounts(), schooling: 2 });
    expect(needCounts(null)).toEqual(emptyNeedCounts());
  });

  it('sends only the needs with people', () => {
    expect(needsBody({ keep_in_touch: 3, job_search: 0, training: null, schooling: Number.NaN, language_course: 2.7 })).toEqual({
      keep_in_touch: 3,
      language_course: 2,
    });
    // A negative count is sent as typed, for the server to refuse by its own message.
    expect(needsBody({ administrative: -1 })).toEqual({ administrative: -1 });
  });

  it('lists the needs with people in display order', () => {
    expect(needEntries({ schooling: 2, keep_in_touch: 4, training: 0 })).toEqual([
      { need: 'keep_in_touch', count: 4 },
      { need: 'schooling', count: 2 },
    ]);
    expect(needEntries(undefined)).toEqual([]);
  });
});

describe('masked counts', () => {
  it('shows null as masked and a missing count as 0', () => {
    expect(maskedCount(null, '< 5')).toBe('< 5');
    expect(maskedCount(undefined, '< 5')).toBe('0');
    expect(maskedCount(0, '< 5')).toBe('0');
    expect(maskedCount(52, '< 5')).toBe('52');
    expect(maskedCount('secret', '< 5', 's')).toBe('s');
  });
});

describe('allocation', () => {
  it('reads the reason of an allocate event', () => {
    expect(allocationReason('12/12')).toEqual({ allocated: 12, approved: 12, count: 12 });
    expect(allocationReason(' 3 / 25 ')).toEqual({ allocated: 3, approved: 25, count: 25 });
    expect(allocationReason('')).toBeNull();
    expect(allocationReason('a/b')).toBeNull();
  });
});
