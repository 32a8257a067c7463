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
