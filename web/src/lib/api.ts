// The typed API client (types generated from docs/openapi.yaml). Every request carries the UI
// language, so that problem details come back localised, and every write carries the CSRF token.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api-types';
import { language } from './i18n.svelte';

export type Session = components['schemas']['Session'];
export type User = components['schemas']['User'];
export type ApiToken = components['schemas']['ApiToken'];
export type Organisation = components['schemas']['Organisation'];
export type OrganisationInput = components['schemas']['OrganisationInput'];
export type OrganisationPatch = components['schemas']['OrganisationPatch'];
export type Department = components['schemas']['Department'];
export type ImportResult = components['schemas']['ImportResult'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request other than the login answers 401: the session is gone. */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

const middleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', language());
    if (!SAFE_METHODS.has(request.method) && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
  onResponse({ request, response, schemaPath }) {
    const isLogin = request.method === 'POST' && schemaPath === '/api/v1/session';
    if (response.status === 401 && !isLogin) unauthenticatedHandler?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(middleware);
