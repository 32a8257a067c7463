// Accounts (issue 14) in the browser: the coordinator makes a one-time reset link on the users
// page, the person sets a password with it on the public page, then changes it on "My account";
// the coordinator disables and enables an account, and revokes an API token, each confirmed
// first. It runs last: it adds accounts and a token to the shared demo database.
import { expect, test, type Browser } from '@playwright/test';
import { apiSession, login, users } from './helpers';

const NEW_USER = { email: 'compte.navigateur@example.org', name: 'Compte Navigateur' };

async function createStructureUser(baseURL: string): Promise<void> {
  const coordinator = await apiSession(baseURL, users.coordinator);
  try {
    const listed = (await (await coordinator.get('/api/v1/users?limit=200')).json()) as {
      items: { email: string; organisation_id: number }[];
    };
    const own = listed.items.find((u) => u.email === users.structure)!.organisation_id;
    const created = await coordinator.post('/api/v1/users', {
      ...NEW_USER,
      role: 'structure',
      organisation_id: own,
      password: 'mot-de-passe-initial',
    });
    expect(created.status(), await created.text()).toBe(201);
  } finally {
    await coordinator.dispose();
  }
}

async function loggedOutPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test('a reset link made on the users page sets a password once; the person then changes it on My account', async ({ page, browser, baseURL }) => {
  await createStructureUser(baseURL!);
  await login(page, users.coordinator);
  await page.goto('/users');
  const row = page.getByTestId('user-row').filter({ hasText: NEW_USER.email });
  await expect(row.getByTestId('user-status')).toHaveText('Actif');
  await row.getByTestId('user-reset-link').click();
  await expect(page.getByTestId('reset-link-box')).toContainText(NEW_USER.email);
  const url = await page.getByTestId('reset-link-url').inputValue();
  expect(url).toMatch(/\/reset#[A-Za-z0-9_-]{43}$/);

  const person = await loggedOutPage(browser);
  try {
    await person.page.goto(url);
    await person.page.getByTestId('reset-new').fill('mot-de-passe-choisi');
    await person.page.getByTestId('reset-repeat').fill('mot-de-passe-autre');
    await person.page.getByTestId('reset-submit').click();
    await expect(person.page.locator('#error-repeat')).toHaveText('Les deux nouveaux mots de passe diffèrent.');
    await person.page.getByTestId('reset-repeat').fill('mot-de-passe-choisi');
    await person.page.getByTestId('reset-submit').click();
    await expect(person.page.getByTestId('reset-done')).toBeVisible();

    // The same link again: gone.
    await person.page.goto('/login');
    await person.page.goto(url);
    await person.page.getByTestId('reset-new').fill('encore-un-mot-de-passe');
    await person.page.getByTestId('reset-repeat').fill('encore-un-mot-de-passe');
    await person.page.getByTestId('reset-submit').click();
    await expect(person.page.getByTestId('reset-problem')).toContainText('déjà servi');

    await login(person.page, NEW_USER.email, 'mot-de-passe-choisi');
    await person.page.goto('/account');
    await expect(person.page.getByTestId('account-who')).toContainText(NEW_USER.email);
    await person.page.getByTestId('password-current').fill('pas-le-bon-mot');
    await person.page.getByTestId('password-new').fill('mon-nouveau-mot-de-passe');
    await person.page.getByTestId('password-repeat').fill('mon-nouveau-mot-de-passe');
    await person.page.getByTestId('password-submit').click();
    await expect(person.page.locator('#error-current')).toHaveText('Mot de passe actuel incorrect.');
    await expect(person.page.getByTestId('password-current')).toBeFocused();
    await person.page.getByTestId('password-current').fill('mot-de-passe-choisi');
    await person.page.getByTestId('password-submit').click();
    await expect(person.page.getByTestId('password-done')).toBeVisible();
  } finally {
    await person.context.close();
  }
  const again = await loggedOutPage(browser);
  try {
    await login(again.page, NEW_USER.email, 'mon-nouveau-mot-de-passe');
    await expect(again.page.getByTestId('current-user-name')).toHaveText(NEW_USER.name);
  } finally {
    await again.context.close();
  }
});

test('the coordinator disables an account (confirmed first), its session ends, and enables it again', async ({ page, browser }) => {
  const person = await loggedOutPage(browser);
  try {
    await login(person.page, NEW_USER.email, 'mon-nouveau-mot-de-passe');
    await login(page, users.coordinator);
    await page.goto('/users');
    const row = page.getByTestId('user-row').filter({ hasText: NEW_USER.email });
    await row.getByTestId('user-disable').click();
    await expect(row.getByTestId('user-disable-confirm')).toContainText('ne pourra plus se connecter');
    await expect(row.getByTestId('user-status')).toHaveText('Actif');  // nothing on one tap
    await row.getByTestId('user-disable-confirm-yes').click();
    await expect(row.getByTestId('user-status')).toHaveText('Désactivé');

    await person.page.goto('/account');
    await expect(person.page.getByTestId('login-form')).toBeVisible();

    await row.getByTestId('user-enable').click();
    await expect(row.getByTestId('user-status')).toHaveText('Actif');
    await login(person.page, NEW_USER.email, 'mon-nouveau-mot-de-passe');
  } finally {
    await person.context.close();
  }
  // Oneself: no disable button.
  const self = page.getByTestId('user-row').filter({ hasText: users.coordinator });
  await expect(self.getByTestId('user-disable')).toHaveCount(0);
});

test('the coordinator revokes an API token from the tokens page, confirmed first', async ({ page, baseURL }) => {
  const coordinator = await apiSession(baseURL!, users.coordinator);
  let id: number;
  try {
    const made = await coordinator.post('/api/v1/tokens', { user_email: users.operator, name: 'Flux opérateur e2e' });
    expect(made.status(), await made.text()).toBe(201);
    id = ((await made.json()) as { item: { id: number } }).item.id;
  } finally {
    await coordinator.dispose();
  }
  await login(page, users.coordinator);
  await page.goto('/users');
  await page.getByTestId('users-tokens-link').click();
  const row = page.locator(`[data-testid="token-row"][data-id="${id}"]`);
  await expect(row).toContainText('Flux opérateur e2e');
  await expect(row.getByTestId('token-state')).toHaveText('Valide');
  await row.getByTestId('token-revoke').click();
  await expect(row.getByTestId('token-revoke-confirm')).toContainText('Flux opérateur e2e');
  await row.getByTestId('token-revoke-confirm-yes').click();
  await expect(row.getByTestId('token-state')).toContainText('Révoqué le');
  await expect(row.getByTestId('token-revoke')).toHaveCount(0);
});
