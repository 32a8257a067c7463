// Which workflow transitions a user may apply to a request, so that only those buttons are shown.
// The server enforces the same rules (403 for the role, 409 for the state); this only decides what
// to offer.
import type { paths } from './api-types';
import type { RequestState } from './needs';
import type { Role } from './roles';

/** The body of POST /requests/{id}/transitions. */
export type TransitionBody = NonNullable<
  paths['/api/v1/requests/{id}/transitions']['post']['requestBody']
>['content']['application/json'];

export type RequestTransition = TransitionBody['transition'];

/** The transitions in the order their buttons are shown. */
export const REQUEST_TRANSITIONS: readonly RequestTransition[] = [
  'submit',
  'endorse',
  'approve',
  'approve_partially',
  'reject',
  'fulfil',
  'cancel',
];

/** The states each transition may start from (the server's lifecycle). */
export const REQUEST_ALLOWED_FROM: Readonly<Record<RequestTransition, readonly RequestState[]>> = {
  submit: ['draft'],
  endorse: ['submitted'],
  approve: ['submitted', 'endorsed'],
  approve_partially: ['submitted', 'endorsed', 'approved'],
  reject: ['submitted', 'endorsed'],
  fulfil: ['approved', 'partially_approved'],
  cancel: ['draft', 'submitted', 'endorsed', 'approved', 'partially_approved'],
};

/** Whether the role may apply the transition at all; a structure only to its own requests. */
export function roleMayApplyToRequest(role: Role, transition: RequestTransition, ownRequest: boolean): boolean {
  switch (role) {
    case 'structure':
      return ownRequest && (transition === 'submit' || transition === 'cancel');
    case 'liaison':
      return transition === 'endorse';
    case 'coordinator':
      return ['approve', 'approve_partially', 'reject', 'fulfil', 'cancel'].includes(transition);
    default:
      return false;
  }
}

/**
 * The transitions this user may apply to this request now, in button order. Beyond the states:
 * fulfilling needs cards allocated and none of them still waiting in stock (`reserved`, known on
 * a request's own page; the server also refuses while cards are packed or on the road), and
 * approving in part is no longer possible once an allocation served the request.
 */
export function availableRequestTransitions(
  user: { role: Role; organisation_id: number },
  request: { state: RequestState; structure_id: number; allocated: number | null; reserved?: number },
): RequestTransition[] {
  const own = request.structure_id === user.organisation_id;
  const allocated = request.allocated ?? 0;
  return REQUEST_TRANSITIONS.filter((t) => {
    if (!REQUEST_ALLOWED_FROM[t].includes(request.state)) return false;
    if (!roleMayApplyToRequest(user.role, t, own)) return false;
    if (t === 'fulfil' && (allocated <= 0 || (request.reserved ?? 1) > 0)) return false;
    if (t === 'approve_partially' && request.allocated !== null) return false;
    return true;
  });
}

/** What a transition asks for before it is sent. */
export type TransitionInput = 'none' | 'reason_required' | 'quantity_and_reason' | 'confirm';

export function transitionInput(transition: RequestTransition): TransitionInput {
  switch (transition) {
    case 'reject':
      return 'reason_required';
    case 'approve_partially':
      return 'quantity_and_reason';
    case 'cancel':
      return 'confirm';
    default:
      return 'none';
  }
}

/** The transitions that end or turn down a request: their buttons are drawn as secondary. */
export function isNegativeTransition(transition: RequestTransition): boolean {
  return transition === 'reject' || transition === 'cancel';
}
