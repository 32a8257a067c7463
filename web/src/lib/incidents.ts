// Delivery incidents in the UI: their kinds and states (labels under `incidents.kinds.`,
// `incidents.states.` and `incidents.resolutions.`), and the decisions the coordinator is offered.
import type { components, paths } from './api-types';

export type Incident = components['schemas']['Incident'];
export type IncidentKind = Incident['kind'];
export type IncidentState = Incident['state'];

/** The body of POST /incidents/{id}/resolve. */
export type ResolveBody = NonNullable<
  paths['/api/v1/incidents/{id}/resolve']['post']['requestBody']
>['content']['application/json'];

export type Resolution = ResolveBody['resolution'];

export const INCIDENT_KINDS: readonly IncidentKind[] = ['missing_sim', 'unexpected_sim'];
export const INCIDENT_STATES: readonly IncidentState[] = ['open', 'resolved'];
export const RESOLUTIONS: readonly Resolution[] = ['lost', 'found', 'set_aside'];

/** The most a note may hold (the server's limit). */
export const NOTE_MAX = 500;

export function isIncidentState(value: unknown): value is IncidentState {
  return typeof value === 'string' && (INCIDENT_STATES as readonly string[]).includes(value);
}

/** The i18n key naming a kind, state or resolution; an unknown code (a newer server) is shown as such. */
export function incidentKindKey(kind: string): string {
  return (INCIDENT_KINDS as readonly string[]).includes(kind) ? `incidents.kinds.${kind}` : kind;
}

export function incidentStateKey(state: string): string {
  return isIncidentState(state) ? `incidents.states.${state}` : state;
}

export function resolutionKey(resolution: string): string {
  return (RESOLUTIONS as readonly string[]).includes(resolution) ? `incidents.resolutions.${resolution}` : resolution;
}

/**
 * The decisions offered for an open incident: a missing card is lost or found after all; an
 * unexpected card is set aside, and so is a missing card that moved since (`moved`, after the
 * server's 409 `incident_card_moved`): there is nothing left to decide about it.
 */
export function resolutionsFor(incident: Pick<Incident, 'kind' | 'state'>, moved = false): Resolution[] {
  if (incident.state !== 'open') return [];
  if (incident.kind === 'missing_sim' && !moved) return ['lost', 'found'];
  return ['set_aside'];
}

/** The incident with the server's answer in place of the one listed, by id. */
export function replaceIncident(list: readonly Incident[], saved: Incident): Incident[] {
  return list.map((i) => (i.id === saved.id ? saved : i));
}
