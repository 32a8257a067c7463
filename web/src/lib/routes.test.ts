import { describe, expect, it } from 'vitest';
import { isPublicRoute, matchRoute } from './routes';

describe('matchRoute', () => {
  it('matches the fixed pages', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute('/login')).toEqual({ name: 'login' });
    expect(matchRoute('/organisations')).toEqual({ name: 'organisations' });
    expect(matchRoute('/users')).toEqual({ name: 'users' });
  });

  it('prefers new and import over an organisation id', () => {
    expect(matchRoute('/organisations/new')).toEqual({ name: 'organisation_new' });
    expect(matchRoute('/organisations/import')).toEqual({ name: 'organisation_import' });
  });

  it('reads a numeric organisation id', () => {
    expect(matchRoute('/organisations/42')).toEqual({ name: 'organisation', id: 42 });
  });

  it('matches the stock pages and a card by its ICCID', () => {
    expect(matchRoute('/stock')).toEqual({ name: 'stock' });
    expect(matchRoute('/stock/import')).toEqual({ name: 'stock_import' });
    expect(matchRoute('/stock/status-report')).toEqual({ name: 'stock_status_report' });
    expect(matchRoute('/sims/8933102000012000015')).toEqual({ name: 'sim', iccid: '8933102000012000015' });
    expect(matchRoute('/sims/89331020000120000151')).toEqual({ name: 'sim', iccid: '89331020000120000151' });
    expect(matchRoute('/sims/8933101000000000010F')).toEqual({ name: 'sim', iccid: '8933101000000000010F' });
  });

  it('refuses what cannot be an ICCID', () => {
    expect(matchRoute('/sims/12345')).toEqual({ name: 'not_found' });
    expect(matchRoute('/sims/8933102000012000015x')).toEqual({ name: 'not_found' });
    expect(matchRoute('/sims/893310200001200001512')).toEqual({ name: 'not_found' });
    expect(matchRoute('/sims')).toEqual({ name: 'not_found' });
  });

  it('matches the referral and request pages', () => {
    expect(matchRoute('/referrals')).toEqual({ name: 'referrals' });
    expect(matchRoute('/referrals/new')).toEqual({ name: 'referral_new' });
    expect(matchRoute('/referrals/12')).toEqual({ name: 'referral', id: 12 });
    expect(matchRoute('/requests')).toEqual({ name: 'requests' });
    expect(matchRoute('/requests/new')).toEqual({ name: 'request_new' });
    expect(matchRoute('/requests/summary')).toEqual({ name: 'request_summary' });
    expect(matchRoute('/requests/4')).toEqual({ name: 'request', id: 4 });
    expect(matchRoute('/requests/4/edit')).toEqual({ name: 'request_edit', id: 4 });
    expect(matchRoute('/requests/4/edit/')).toEqual({ name: 'request_edit', id: 4 });
    expect(matchRoute('/allocation')).toEqual({ name: 'allocation' });
  });

  it('refuses referral and request paths that are not pages', () => {
    expect(matchRoute('/referrals/0')).toEqual({ name: 'not_found' });
    expect(matchRoute('/referrals/R-7K2Q-9XMD')).toEqual({ name: 'not_found' });
    expect(matchRoute('/referrals/3/edit')).toEqual({ name: 'not_found' });
    expect(matchRoute('/requests/07')).toEqual({ name: 'not_found' });
    expect(matchRoute('/requests/summary/edit')).toEqual({ name: 'not_found' });
    expect(matchRoute('/requests/4/transitions')).toEqual({ name: 'not_found' });
    expect(matchRoute('/allocation/apply')).toEqual({ name: 'not_found' });
  });

  it('matches the packing orders and one order by its id', () => {
    expect(matchRoute('/packing')).toEqual({ name: 'packing' });
    expect(matchRoute('/packing/')).toEqual({ name: 'packing' });
    expect(matchRoute('/packing/1')).toEqual({ name: 'packing_order', id: 1 });
    expect(matchRoute('/packing/12/')).toEqual({ name: 'packing_order', id: 12 });
  });

  it('refuses packing paths that are not pages', () => {
    expect(matchRoute('/packing/0')).toEqual({ name: 'not_found' });
    expect(matchRoute('/packing/CO-000001')).toEqual({ name: 'not_found' });
    expect(matchRoute('/packing/1/scans')).toEqual({ name: 'not_found' });
    expect(matchRoute('/packing/1/label.pdf')).toEqual({ name: 'not_found' });
  });

  it('matches the shipments, one shipment, the incidents and a parcel\'s delivery by its token', () => {
    expect(matchRoute('/shipments')).toEqual({ name: 'shipments' });
    expect(matchRoute('/shipments/')).toEqual({ name: 'shipments' });
    expect(matchRoute('/shipments/3')).toEqual({ name: 'shipment', id: 3 });
    expect(matchRoute('/incidents')).toEqual({ name: 'incidents' });
    expect(matchRoute('/deliveries/tiHXpR9dfb7eqr-2T7aU8XRY')).toEqual({ name: 'delivery', token: 'tiHXpR9dfb7eqr-2T7aU8XRY' });
    expect(matchRoute('/deliveries/KK-0XZdIu-ABIWBjKx3_TJX_/')).toEqual({ name: 'delivery', token: 'KK-0XZdIu-ABIWBjKx3_TJX_' });
  });

  it('refuses shipping paths that are not pages', () => {
    expect(matchRoute('/shipments/0')).toEqual({ name: 'not_found' });
    expect(matchRoute('/shipments/3/transitions')).toEqual({ name: 'not_found' });
    expect(matchRoute('/deliveries')).toEqual({ name: 'not_found' });
    expect(matchRoute('/deliveries/short')).toEqual({ name: 'not_found' });
    expect(matchRoute('/deliveries/abc+def/ghijkl')).toEqual({ name: 'not_found' });
    expect(matchRoute('/deliveries/abc.defghijk')).toEqual({ name: 'not_found' });
    expect(matchRoute('/incidents/1')).toEqual({ name: 'not_found' });
  });

  it('matches the residents, a new resident and one resident by its id', () => {
    expect(matchRoute('/residents')).toEqual({ name: 'residents' });
    expect(matchRoute('/residents/')).toEqual({ name: 'residents' });
    expect(matchRoute('/residents/new')).toEqual({ name: 'resident_new' });
    expect(matchRoute('/residents/36')).toEqual({ name: 'resident', id: 36 });
    expect(matchRoute('/residents/36/')).toEqual({ name: 'resident', id: 36 });
  });

  it('refuses resident paths that are not pages: no pseudonym, no document', () => {
    expect(matchRoute('/residents/0')).toEqual({ name: 'not_found' });
    expect(matchRoute('/residents/R-7K2Q-9XMD')).toEqual({ name: 'not_found' });
    expect(matchRoute('/residents/36/notice.pdf')).toEqual({ name: 'not_found' });
    expect(matchRoute('/residents/summary')).toEqual({ name: 'not_found' });
    expect(matchRoute('/resident/36')).toEqual({ name: 'not_found' });
  });

  it('ignores a trailing slash', () => {
    expect(matchRoute('/organisations/')).toEqual({ name: 'organisations' });
    expect(matchRoute('/organisations/7/')).toEqual({ name: 'organisation', id: 7 });
    expect(matchRoute('')).toEqual({ name: 'home' });
  });

  it('refuses ids that are not positive integers and unknown paths', () => {
    expect(matchRoute('/organisations/0')).toEqual({ name: 'not_found' });
    expect(matchRoute('/organisations/-3')).toEqual({ name: 'not_found' });
    expect(matchRoute('/organisations/12abc')).toEqual({ name: 'not_found' });
    expect(matchRoute('/organisations/1/edit')).toEqual({ name: 'not_found' });
    expect(matchRoute('/Users')).toEqual({ name: 'not_found' });
    expect(matchRoute('/api/v1/session')).toEqual({ name: 'not_found' });
  });

  it('matches the lines pages (issue 12)', () => {
    expect(matchRoute('/lines')).toEqual({ name: 'lines' });
    expect(matchRoute('/lines/')).toEqual({ name: 'lines' });
    expect(matchRoute('/topups')).toEqual({ name: 'topups' });
    expect(matchRoute('/line-incidents')).toEqual({ name: 'line_incidents' });
    expect(matchRoute('/lines/4')).toEqual({ name: 'not_found' });
  });

  it('matches the results, their budget and a share link\'s public page, the only page open without an account', () => {
    expect(matchRoute('/results')).toEqual({ name: 'results' });
    expect(matchRoute('/results/budget')).toEqual({ name: 'results_budget' });
    expect(matchRoute('/shared/aG5BAUIKuUpz2-V6LGR_WtP5OhjFKKXd')).toEqual({ name: 'shared', token: 'aG5BAUIKuUpz2-V6LGR_WtP5OhjFKKXd' });
    expect(matchRoute('/shared/short')).toEqual({ name: 'not_found' });
    expect(matchRoute(`/shared/${'a'.repeat(65)}`)).toEqual({ name: 'not_found' });
    expect(matchRoute('/shared/abc.defghijk')).toEqual({ name: 'not_found' });
    expect(isPublicRoute(matchRoute('/shared/aG5BAUIKuUpz2-V6LGR_WtP5OhjFKKXd'))).toBe(true);
    for (const path of ['/results', '/results/budget', '/deliveries/tiHXpR9dfb7eqr-2T7aU8XRY', '/']) {
      expect(isPublicRoute(matchRoute(path)), path).toBe(false);
    }
  });

  it('matches one\'s account, the API tokens and the public page of a reset link (its token in the fragment)', () => {
    expect(matchRoute('/account')).toEqual({ name: 'account' });
    expect(matchRoute('/tokens')).toEqual({ name: 'tokens' });
    expect(matchRoute('/reset')).toEqual({ name: 'reset' });
    expect(matchRoute('/reset/abc')).toEqual({ name: 'not_found' });
    expect(isPublicRoute(matchRoute('/reset'))).toBe(true);
    expect(isPublicRoute(matchRoute('/account'))).toBe(false);
    expect(isPublicRoute(matchRoute('/tokens'))).toBe(false);
  });
});
