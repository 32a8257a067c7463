// The state filters of the requests list, per role: what each role's queue shows first and what
// else it may ask for. The server only lists a role's own scope (a structure's requests, the
// liaison's submitted and endorsed ones, the coordinator's all but drafts).
import { REQUEST_STATES, type RequestState } from './needs';
import type { Role } from './roles';

/** A state, '' for every state in scope, or `to_decide`: submitted and endorsed together. */
export type RequestStateFilter = RequestState | '' | 'to_decide';

/** The filters offered, the default first. */
export function requestStateFilters(role: Role): RequestStateFilter[] {
  switch (role) {
    case 'coordinator':
      return ['to_decide', '', ...REQUEST_STATES.filter((s) => s !== 'draft')];
    case 'liaison':
      return ['submitted', 'endorsed', ''];
    default:
      return ['', ...REQUEST_STATES];
  }
}
