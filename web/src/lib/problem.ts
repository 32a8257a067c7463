// Reading RFC 9457 problem documents from the API: the human message and per-field errors.
import type { components } from './api-types';

export type Problem = components['schemas']['Problem'];
export type ProblemError = components['schemas']['ProblemError'];

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** The problem's localised detail, else its title, else the fallback. */
export function problemMessage(problem: Problem | null | undefined, fallback: string): string {
  return problem?.detail || problem?.title || fallback;
}

/**
 * Maps a validation problem to one message per form field (`errors[].field`). Several errors on
 * one field are joined in order; errors without a field (import lines) are left out.
 */
export function fieldErrors(problem: Problem | null | undefined): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    if (!error.field) continue;
    byField[error.field] = byField[error.field]
      ? `${byField[error.field]} ${error.message}`
      : error.message;
  }
  return byField;
}

/** The errors whose field is not one of `shown`, so that none is silently dropped. */
export function otherErrors(problem: Problem | null | undefined, shown: readonly string[]): ProblemError[] {
  return (problem?.errors ?? []).filter((e) => !e.field || !shown.includes(e.field));
}

/** The error of an API answer as a problem document, or null when there is none. */
export function asProblem(error: unknown): Problem | null {
  return (error as Problem | undefined) ?? null;
}

/**
 * Waits for a write (POST, PATCH) and hands its saved resource to `onsaved`; resolves to the
 * server's problem when it refused the write, else null. A network failure rejects.
 */
export async function saveOutcome<T>(
  request: Promise<{ data?: T; error?: unknown }>,
  onsaved: (data: T) => void,
): Promise<Problem | null> {
  const { data, error } = await request;
  if (data) {
    onsaved(data);
    return null;
  }
  return asProblem(error);
}

/**
 * The messages of one field's errors keyed by the value each names, for fields whose items are
 * told apart by their value: `referral_ids` (the id) or `needs` ("schooling: 7", the need before
 * the colon). Several errors on one key are joined in order.
 */
export function errorsByValue(problem: Problem | null | undefined, field: string): Record<string, string> {
  const byValue: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    if (error.field !== field || error.value === undefined || error.value === null) continue;
    const key = String(error.value).split(':')[0].trim();
    if (!key) continue;
    byValue[key] = byValue[key] ? `${byValue[key]} ${error.message}` : error.message;
  }
  return byValue;
}
