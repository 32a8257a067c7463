// Login throttling. This file has its own server and database, so locking accounts here cannot
// disturb the other test files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, assertProblem, DEMO_PASSWORD } from './server.mjs';

const srv = useServer();

test('5 wrong passwords lock the account: the 6th attempt, even right, → 429 too_many_attempts + Retry-After', async () => {
  const email = 'funder@demo.relais';
  for (let i = 1; i <= 5; i++) {
    const r = await srv.loginResponse(email, `wrong-${i}`);
    assertProblem(r, 401, 'invalid_credentials');
  }
  const r = await srv.loginResponse(email, DEMO_PASSWORD);
  assertProblem(r, 429, 'too_many_attempts');
  assert.equal(r.setCookie, null, 'no session while throttled');
  const retryAfter = r.headers.get('retry-after');
  assert.match(retryAfter ?? '', /^\d+$/, 'Retry-After is a number of seconds');
  assert.ok(Number(retryAfter) > 0);

  // Still locked, for a wrong password too, and whatever the case of the email.
  assertProblem(await srv.loginResponse(email, 'wrong-again'), 429, 'too_many_attempts');
  assertProblem(await srv.loginResponse('FUNDER@demo.relais', DEMO_PASSWORD), 429, 'too_many_attempts');

  const en = await srv.loginResponse(email, DEMO_PASSWORD, { lang: 'en' });
  assert.match(assertProblem(en, 429, 'too_many_attempts').detail, /^Too many login attempts/);
});

test('another account is not affected by the lock', async () => {
  const r = await srv.loginResponse('operator@demo.relais', DEMO_PASSWORD);
  assert.equal(r.status, 200);
  assert.equal(r.body.user.role, 'operator');
});

test('fewer than 5 failures do not lock: 4 wrong then the right password → 200', async () => {
  const email = 'logistics@demo.relais';
  for (let i = 1; i <= 4; i++) assertProblem(await srv.loginResponse(email, 'wrong'), 401, 'invalid_credentials');
  assert.equal((await srv.loginResponse(email, DEMO_PASSWORD)).status, 200);
});

test('an unknown email is throttled the same way as a known one', async () => {
  const email = 'ghost@demo.relais';
  for (let i = 1; i <= 5; i++) assertProblem(await srv.loginResponse(email, 'wrong'), 401, 'invalid_credentials');
  assertProblem(await srv.loginResponse(email, 'wrong'), 429, 'too_many_attempts');
});
