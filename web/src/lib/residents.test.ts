import { describe, expect, it } from 'vitest';
import type { Language } from './needs';
import {
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  RESIDENT_STATUSES,
  childrenMax,
  consentMethodKey,
  consentPurposeKey,
  consentStatusKey,
  consentsInOrder,
  currentLine,
  defaultDocumentLanguage,
  documentLanguages,
  exportUrl,
  homeActions,
  isResidentStatus,
  leafletUrl,
  nextStep,
  noticeUrl,
  pastLines,
  prefillFromReferral,
  purposesInForce,
  purposesToAsk,
  referralsWithoutResident,
  residentBody,
  residentStatusKey,
  takeBackReasonKey,
  type Consent,
  type Handover,
} from './residents';

const arabic: Language = { code: 'ar', french: 'arabe', english: 'Arabic', native: 'العربية', checked_by: null };
const french: Language = { code: 'fr', french: 'français', english: 'French', native: 'français', checked_by: 'Relais developers' };
const english: Language = { code: 'en', french: 'anglais', english: 'English', native: 'English', checked_by: 'Relais developers' };
const tigrinya: Language = { code: 'ti', french: 'tigrigna', english: 'Tigrinya', native: 'ትግርኛ' };
const reference = [french, english, arabic, tigrinya];

function consent(id: number, purpose: Consent['purpose'], status: Consent['status'], given_at: string): Consent {
  return {
    id,
    resident_id: 1,
    purpose,
    method: 'oral',
    notice_version: '2026-12',
    notice_language: 'ar',
    recorded_by_name: 'Julien Moreau',
    witness_name: 'Julien Moreau',
    given_at,
    status,
    status_at: status === 'given' ? null : '2026-12-06T11:00:00Z',
    status_by_name: status === 'given' ? null : 'Julien Moreau',
  };
}

function line(id: number, handed_over_at: string, taken_back_at: string | null = null): Handover {
  return {
    id,
    resident_id: 1,
    iccid: '8933102000012024940',
    msisdn: '+33610017458',
    programme: 'CU-2020',
    activated_at: null,
    handed_over_at,
    handed_over_by_name: 'Julien Moreau',
    ends_at: '2027-03-06T10:44:54Z',
    replaces_id: null,
    taken_back_at,
    taken_back_reason: taken_back_at ? 'refused' : null,
    taken_back_by_name: taken_back_at ? 'Julien Moreau' : null,
  };
}

describe('lists and keys', () => {
  it('lists the statuses, purposes and methods of the API in display order', () => {
    expect(RESIDENT_STATUSES).toEqual(['needs_consent', 'waiting_line', 'has_line', 'erased']);
    expect(CONSENT_PURPOSES).toEqual(['line', 'follow_up', 'testimony']);
    expect(CONSENT_METHODS).toEqual(['oral', 'written', 'electronic']);
  });

  it('names the known codes and leaves a newer code as it is', () => {
    expect(residentStatusKey('waiting_line')).toBe('resident_statuses.waiting_line');
    expect(residentStatusKey('moved_out')).toBe('moved_out');
    expect(consentPurposeKey('follow_up')).toBe('consent_purposes.follow_up');
    expect(consentMethodKey('oral')).toBe('consent_methods.oral');
    expect(consentStatusKey('withdrawn')).toBe('consent_statuses.withdrawn');
    expect(takeBackReasonKey('wrong_person')).toBe('take_back_reasons.wrong_person');
    expect(takeBackReasonKey('toString')).toBe('toString');
    expect(isResidentStatus('erased')).toBe(true);
    expect(isResidentStatus('open')).toBe(false);
    expect(isResidentStatus(null)).toBe(false);
  });
});

describe('nextStep', () => {
  it('asks the consent, then hands over a card, then looks after the line; nothing once erased', () => {
    expect(RESIDENT_STATUSES.map((status) => nextStep({ status }))).toEqual(['consent', 'hand_over', 'line', 'none']);
  });

  it('offers nothing for a status it does not know', () => {
    expect(nextStep({ status: 'moved_out' as never })).toBe('none');
  });
});

describe('lines', () => {
  it('finds the line held now, the newest not taken back', () => {
    const taken = line(1, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z');
    const held = line(2, '2026-12-02T10:00:00Z');
    expect(currentLine({ lines: [taken, held] })).toBe(held);
    expect(currentLine({ lines: [taken] })).toBeNull();
    expect(currentLine({ lines: [] })).toBeNull();
    expect(currentLine({})).toBeNull();
  });

  it('lists the lines taken back, newest first', () => {
    const first = line(1, '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z');
    const second = line(2, '2026-12-03T10:00:00Z', '2026-12-03T10:05:00Z');
    const held = line(3, '2026-12-04T10:00:00Z');
    expect(pastLines({ lines: [first, held, second] }).map((l) => l.id)).toEqual([2, 1]);
  });
});

describe('consents', () => {
  const line_given = consent(1, 'line', 'given', '2026-12-01T10:00:00Z');
  const follow_up_withdrawn = consent(2, 'follow_up', 'withdrawn', '2026-12-02T10:00:00Z');
  const testimony_given = consent(3, 'testimony', 'given', '2026-12-03T10:00:00Z');

  it('asks every purpose of a resident without consent, the line first', () => {
    expect(purposesToAsk({ consents: [] })).toEqual(['line', 'follow_up', 'testimony']);
    expect(purposesToAsk({})).toEqual(['line', 'follow_up', 'testimony']);
  });

  it('does not ask again a purpose in force, and asks again one withdrawn', () => {
    const resident = { consents: [follow_up_withdrawn, line_given] };
    expect(purposesInForce(resident)).toEqual(['line']);
    expect(purposesToAsk(resident)).toEqual(['follow_up', 'testimony']);
    expect(purposesToAsk({ consents: [line_given, testimony_given] })).toEqual(['follow_up']);
  });

  it('lists the consents in force first, then the others, newest first', () => {
    expect(consentsInOrder([line_given, follow_up_withdrawn, testimony_given]).map((c) => c.id)).toEqual([3, 1, 2]);
    expect(consentsInOrder(undefined)).toEqual([]);
  });
});

describe('document languages', () => {
  it('offers the resident\'s languages first, then the others, and marks the unchecked translations', () => {
    const { spoken, others } = documentLanguages(reference, ['ti', 'ar', 'ti'], 'fr');
    expect(spoken).toEqual([
      { code: 'ti', name: 'tigrigna', native: 'ትግርኛ', unchecked: true },
      { code: 'ar', name: 'arabe', native: 'العربية', unchecked: true },
    ]);
    expect(others).toEqual([
      { code: 'fr', name: 'français', native: null, unchecked: false },
      { code: 'en', name: 'anglais', native: 'English', unchecked: false },
    ]);
  });

  it('names the languages in English for the English UI and skips codes the server does not know', () => {
    const { spoken } = documentLanguages(reference, ['xx', 'en'], 'en');
    expect(spoken).toEqual([{ code: 'en', name: 'English', native: null, unchecked: false }]);
  });

  it('defaults to the resident\'s first known language, else French', () => {
    expect(defaultDocumentLanguage(reference, ['ar', 'fr'])).toBe('ar');
    expect(defaultDocumentLanguage(reference, ['xx', 'ti'])).toBe('ti');
    expect(defaultDocumentLanguage(reference, [])).toBe('fr');
    expect(defaultDocumentLanguage([], ['ar'])).toBe('fr');
  });

  it('builds the documents\' addresses', () => {
    expect(noticeUrl(12, 'ar')).toBe('/api/v1/residents/12/notice.pdf?lang=ar');
    expect(leafletUrl(12, 'prs')).toBe('/api/v1/residents/12/leaflet.pdf?lang=prs');
    expect(exportUrl(12, 'json')).toBe('/api/v1/residents/12/export');
    expect(exportUrl(12, 'pdf')).toBe('/api/v1/residents/12/export?format=pdf');
  });
});

describe('the new resident form', () => {
  it('allows every member but one adult to be a child', () => {
    expect(childrenMax(1)).toBe(0);
    expect(childrenMax(4)).toBe(3);
    expect(childrenMax(40)).toBe(19);
    expect(childrenMax(0)).toBe(0);
    expect(childrenMax(null)).toBe(19);
    expect(childrenMax(Number.NaN)).toBe(19);
  });

  it('takes the household, languages and needs of the referral', () => {
    expect(prefillFromReferral({ adults: 2, children: 3, languages: ['ps'], needs: ['schooling', 'administrative'] })).toEqual({
      household_size: 5,
      children: 3,
      languages: ['ps'],
      needs: ['schooling', 'administrative'],
    });
  });

  it('leaves out the referrals a resident already came through', () => {
    const referrals = [{ id: 4 }, { id: 5 }, { id: 6 }];
    expect(referralsWithoutResident(referrals, [{ referral_id: 4 }, { referral_id: null }, { referral_id: 6 }])).toEqual([{ id: 5 }]);
    expect(referralsWithoutResident(referrals, [])).toEqual(referrals);
  });

  it('sends the optional texts trimmed, and leaves them out when empty', () => {
    const form = {
      household_size: 3,
      children: 1,
      languages: ['ar'],
      needs: ['keep_in_touch'],
      first_name: '  Zaïnab ',
      contact: ' 06 12 34 56 78 ',
      referral_id: null,
    };
    expect(residentBody(form)).toEqual({
      household_size: 3,
      children: 1,
      languages: ['ar'],
      needs: ['keep_in_touch'],
      first_name: 'Zaïnab',
      contact: '06 12 34 56 78',
    });
    expect(residentBody({ ...form, first_name: ' ', contact: '', children: null, referral_id: 5 })).toEqual({
      household_size: 3,
      languages: ['ar'],
      needs: ['keep_in_touch'],
      referral_id: 5,
    });
  });

  it('sends an empty household size as null, for the server to say it is required', () => {
    const body = residentBody({
      household_size: Number.NaN,
      children: 0,
      languages: [],
      needs: [],
      first_name: '',
      contact: '',
      referral_id: null,
    });
    expect(body.household_size).toBeNull();
  });
});

describe('homeActions', () => {
  it('hands a line over first when someone waits and a card is at the door', () => {
    expect(homeActions({ waiting_for_line: 2, cards_on_hand: 5 })).toEqual(['hand_over', 'new_resident']);
  });

  it('records a new resident first when nobody waits, or when no card is at the door', () => {
    expect(homeActions({ waiting_for_line: 0, cards_on_hand: 5 })).toEqual(['new_resident']);
    expect(homeActions({ waiting_for_line: 3, cards_on_hand: 0 })).toEqual(['new_resident']);
  });
});
