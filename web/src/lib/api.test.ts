import { afterEach, describe, expect, it } from 'vitest';
import { api, onUnauthenticated, setCsrfToken } from './api';
import { setLanguage } from './i18n.svelte';

// Relative URLs need a document; in node the requests get an absolute base.
const BASE = 'http://relais.test';

/** A fetch that records the request and answers with the given status and JSON body. */
function recorder(status: number, body: unknown) {
  const seen: Request[] = [];
  const fetch = async (input: Request) => {
    seen.push(input);
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
  return { seen, fetch };
}

afterEach(() => {
  setCsrfToken(null);
  setLanguage('fr');
  onUnauthenticated(() => {});
});

describe('api client', () => {
  it('sends the UI language on every request', async () => {
    const { seen, fetch } = recorder(200, { items: [] });
    await api.GET('/api/v1/departments', { fetch, baseUrl: BASE });
    setLanguage('en');
    await api.GET('/api/v1/departments', { fetch, baseUrl: BASE });
    expect(seen.map((r) => r.headers.get('Accept-Language'))).toEqual(['fr', 'en']);
  });

  it('sends the CSRF token on writes only', async () => {
    setCsrfToken('tok-123');
    const { seen, fetch } = recorder(204, null);
    await api.GET('/api/v1/departments', { fetch, baseUrl: BASE });
    await api.DELETE('/api/v1/session', { fetch, baseUrl: BASE });
    expect(seen[0].headers.get('X-CSRF-Token')).toBeNull();
    expect(seen[1].method).toBe('DELETE');
    expect(seen[1].headers.get('X-CSRF-Token')).toBe('tok-123');
  });

  it('posts CSV as text/csv unchanged', async () => {
    setCsrfToken('tok-123');
    const { seen, fetch } = recorder(201, { created: 0, items: [] });
    const csv = 'nom;type\nCADA Test;CADA\n';
    await api.POST('/api/v1/organisations/import', {
      fetch,
      baseUrl: BASE,
      body: csv,
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
    });
    expect(seen[0].headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(await seen[0].text()).toBe(csv);
  });

  it('reports a lost session but not a refused login', async () => {
    let lost = 0;
    onUnauthenticated(() => lost++);
    const problem = { type: '/problems/x', title: 'x', status: 401, code: 'not_authenticated' };
    await api.GET('/api/v1/organisations', { fetch: recorder(401, problem).fetch, baseUrl: BASE });
    await api.POST('/api/v1/session', {
      fetch: recorder(401, { ...problem, code: 'invalid_credentials' }).fetch,
      baseUrl: BASE,
      body: { email: 'a@b.c', password: 'wrong' },
    });
    expect(lost).toBe(1);
  });

  it('returns the problem document of an error as `error`', async () => {
    const problem = {
      type: '/problems/validation_failed',
      title: 'Validation failed',
      status: 422,
      code: 'validation_failed',
      errors: [{ field: 'department', value: '20', reason: 'unknown_department', message: 'Inconnu' }],
    };
    const { error } = await api.POST('/api/v1/organisations', {
      fetch: recorder(422, problem).fetch,
      baseUrl: BASE,
      body: { kind: 'structure', name: 'X' },
    });
    expect(error).toEqual(problem);
  });
});
