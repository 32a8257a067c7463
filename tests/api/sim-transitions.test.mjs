// SIM cards move only through named transitions: by hand through the API for what happens
// outside the chain (a defective card, a resident's line, a card returned), 409 when the card's
// state does not allow it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, demoCard } from './server.mjs';

const srv = useServer();

const card = demoCard;
const move = (iccid, auth, transition, reason = 'test') =>
  srv.post(`/api/v1/sims/${iccid}/transitions`, { auth, json: { transition, reason } });

async function inState(auth) {
  return (await srv.get('/api/v1/stock/summary', { auth })).body.by_state;
}

test('the coordinator declares a stock card defective, then returns and restocks it', async () => {
  const coordinator = await srv.loginAs('coordinator');
  const before = await inState(coordinator);
  const r = await move(card(105), coordinator, 'declare_defective', 'puce illisible');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'defective');
  assert.deepEqual(r.body.timeline.map((t) => [t.transition, t.from, t.to]),
    [['receive', null, 'in_stock'], ['declare_defective', 'in_stock', 'defective']]);
  assert.deepEqual([r.body.timeline[1].actor, r.body.timeline[1].reason], ['coordinator@demo.relais', 'puce illisible']);
  const after = await inState(coordinator);
  assert.deepEqual([after.in_stock, after.defective], [before.in_stock - 1, before.defective + 1]);

  assertProblem(await move(card(105), coordinator, 'activate'), 409, 'sim_transition_refused');
  assert.equal((await move(card(105), coordinator, 'return')).body.state, 'returned');
  const back = await move(card(105), coordinator, 'restock', 'contrôlée, fonctionne');
  assert.deepEqual([back.body.state, back.body.holder_id], ['in_stock', null]);
  assert.deepEqual(await inState(coordinator), before);
  const summary = (await srv.get('/api/v1/stock/summary?verify=true', { auth: coordinator })).body;
  assert.equal(summary.reconciled, true);
});

test('illegal, unknown or chain transitions are refused with the right problem', async () => {
  const coordinator = await srv.loginAs('coordinator');
  const refused = await move(card(106), coordinator, 'activate');
  assertProblem(refused, 409, 'sim_transition_refused');
  assert.equal(refused.body.detail, 'Activation impossible\u202f: la carte est en stock.');
  // A line reaches a resident through /handovers (consent, one line each), never by hand.
  assertProblem(await move(card(106), coordinator, 'hand_over'), 403, 'forbidden');
  assertProblem(await move(card(106), coordinator, 'teleport'), 422, 'validation_failed');
  assertProblem(await move(card(106), coordinator, 'ship'), 403, 'forbidden');  // the chain's own step
  assertProblem(await move(card(106), coordinator, 'declare_defective', ''), 422, 'validation_failed');
  assertProblem(await move('8933102000012000016', coordinator, 'expire'), 404, 'not_found');
});

test('the operator moves its lines; the structure what happens at its door; others cannot', async () => {
  const operator = await srv.loginAs('operator');
  const structure = await srv.loginAs('structure');
  const association = await srv.loginAs('association');
  // operator: suspend an active line, not hand a card over
  assert.equal((await move(card(2460), operator, 'suspend', 'fraude suspectée')).body.state, 'suspended');
  assertProblem(await move(card(2494), operator, 'hand_over'), 403, 'forbidden');
  // structure: declares a card it holds defective, hands none over by hand; cannot touch a
  // stock card (not its own: 404)
  assertProblem(await move(card(2494), structure, 'hand_over', 'remise à un résident'), 403, 'forbidden');
  const defective = await move(card(2494), structure, 'declare_defective', 'puce cassée');
  assert.equal(defective.status, 200, defective.text);
  assert.equal(defective.body.state, 'defective');
  assert.equal('puk' in defective.body, false, 'the PUK comes from its own endpoint only');
  assertProblem(await move(card(107), structure, 'declare_lost'), 404, 'not_found');
  assertProblem(await move(card(2461), structure, 'suspend'), 403, 'forbidden');
  assertProblem(await move(card(107), association, 'declare_lost'), 404, 'not_found');
});
