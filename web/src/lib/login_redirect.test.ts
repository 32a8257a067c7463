import { describe, expect, it } from 'vitest';
import { loginPath, nextFromSearch, safeNext } from './login_redirect';

describe('loginPath', () => {
  it('carries the page that needs a session', () => {
    expect(loginPath('/deliveries/tiHXpR9dfb7eqr-2T7aU8XRY')).toBe('/login?next=%2Fdeliveries%2FtiHXpR9dfb7eqr-2T7aU8XRY');
    expect(loginPath('/incidents?state=open')).toBe('/login?next=%2Fincidents%3Fstate%3Dopen');
  });

  it('needs no next for the home page, the login page or a path that is not the app\'s', () => {
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('/login')).toBe('/login');
    expect(loginPath('//evil.example/x')).toBe('/login');
    expect(loginPath('')).toBe('/login');
  });
});

describe('nextFromSearch', () => {
  it('reads the page back', () => {
    expect(nextFromSearch('?next=%2Fdeliveries%2FtiHXpR9dfb7eqr-2T7aU8XRY')).toBe('/deliveries/tiHXpR9dfb7eqr-2T7aU8XRY');
    expect(nextFromSearch(new URL(`http://x${loginPath('/incidents?state=open')}`).search)).toBe('/incidents?state=open');
  });

  it('has nothing without a next', () => {
    expect(nextFromSearch('')).toBeNull();
    expect(nextFromSearch('?other=1')).toBeNull();
  });

  it('refuses to lead elsewhere than a page of the app', () => {
    expect(nextFromSearch('?next=https://evil.example/')).toBeNull();
    expect(nextFromSearch('?next=//evil.example/')).toBeNull();
    expect(nextFromSearch('?next=/%5C%5Cevil.example')).toBeNull();
    expect(nextFromSearch('?next=javascript:alert(1)')).toBeNull();
    expect(nextFromSearch('?next=/login?next=/x')).toBeNull();
    expect(nextFromSearch('?next=/api/v1/session')).toBeNull();
    expect(safeNext('/a%0Ab')).toBe('/a%0Ab');
    expect(safeNext('/a\nb')).toBeNull();
  });
});
