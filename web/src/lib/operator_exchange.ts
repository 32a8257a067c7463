// Files exchanged with the operators: the activation requests they download (CSV) and the status
// reports they send back, applied all or nothing. Also the operators a user may act for.
import { api, type Organisation } from './api';
import type { components } from './api-types';
import { asProblem, type Problem } from './problem';
import type { Role } from './roles';

/** The columns of a status report, as its header line. */
export const STATUS_REPORT_HEADER = 'iccid;status;date;data_used_mb';

export type ReportResult = { applied: number; unchanged: number };
export type ReportItem = components['schemas']['StatusReportItem'];

/** The URL of an operator's activation requests (CSV; the session cookie goes with it). */
export function activationRequestsUrl(operator: string): string {
  return `/api/v1/activation-requests?${new URLSearchParams({ operator })}`;
}

/** The name the downloaded file is saved under. */
export function activationRequestsFileName(operator: string): string {
  return `activation-requests-${operator.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`;
}

/** What became of a status report, from the HTTP status and the answer. */
export type ReportOutcome =
  | { kind: 'applied'; result: ReportResult }
  /** Lines of the report were refused (`import_failed`): nothing was applied. */
  | { kind: 'refused'; problem: Problem }
  /** The operator was refused (`validation_failed`). */
  | { kind: 'invalid'; problem: Problem }
  /** Any other refusal (400, 403, 413…), or an answer that is not a problem document. */
  | { kind: 'error'; problem: Problem | null };

export function reportOutcome(status: number, data: ReportResult | undefined, error: unknown): ReportOutcome {
  if (data && status === 200) return { kind: 'applied', result: data };
  const problem = asProblem(error);
  if (problem?.code === 'import_failed') return { kind: 'refused', problem };
  if (problem?.code === 'validation_failed') return { kind: 'invalid', problem };
  return { kind: 'error', problem };
}

/**
 * The operators (with a code) the user may act for: its own organisation for an operator, every
 * operator organisation with a code for the coordinator, none for the others.
 */
export async function loadOperators(user: { role: Role; organisation_id: number }): Promise<Organisation[]> {
  if (user.role === 'operator') {
    const { data } = await api.GET('/api/v1/organisations/{id}', { params: { path: { id: user.organisation_id } } });
    return data?.code ? [data] : [];
  }
  if (user.role === 'coordinator') {
    const { data } = await api.GET('/api/v1/organisations', { params: { query: { kind: 'operator', limit: 200 } } });
    return (data?.items ?? []).filter((o) => o.code);
  }
  return [];
}

/** How an operator is named in a choice: its code, and its name when it differs. */
export function operatorLabel(o: Pick<Organisation, 'code' | 'name'>): string {
  return !o.code || o.name === o.code ? (o.code ?? o.name) : `${o.code} — ${o.name}`;
}
