// Importing structures from CSV: a file with one bad line is refused whole, a good one is created.
import { expect, test } from '@playwright/test';
import { login, openDirectory, users } from './helpers';

test('import refuses a bad file whole and accepts a good one', async ({ page }) => {
  await login(page, users.coordinator);
  const before = await openDirectory(page);
  const stamp = Date.now();

  const bad = [
    'nom;type;capacite;adresse;code_postal;commune;departement',
    `CADA Essai ${stamp} A;CADA;40;1 rue de la Gare;69001;Lyon;69`,
    `HUDA Essai ${stamp} B;HUDA;25;2 avenue Foch;20000;Ajaccio;20`,
  ].join('\n');

  await page.getByTestId('organisation-import').click();
  await expect(page).toHaveURL(/\/organisations\/import$/);
  await page.getByTestId('import-text').fill(bad);
  await page.getByTestId('import-submit').click();

  const errors = page.getByTestId('import-error-row');
  await expect(errors).toHaveCount(1);
  await expect(errors.getByTestId('import-error-line')).toHaveText('3');
  await expect(errors.getByTestId('import-error-column')).toHaveText('departement');
  await expect(errors.getByTestId('import-error-value')).toHaveText('20');
  await expect(page.getByTestId('import-success')).toHaveCount(0);

  expect(await openDirectory(page)).toBe(before);

  const good = [
    'name,type,capacity,address,postcode,commune,department',
    `CADA Essai ${stamp} A,CADA,40,1 rue de la Gare,69001,Lyon,69`,
    `HUDA Essai ${stamp} B,HUDA,25,2 avenue Foch,20000,Ajaccio,2A`,
  ].join('\n');
  await page.goto('/organisations/import');
  await page.getByTestId('import-text').fill(good);
  await page.getByTestId('import-submit').click();

  const success = page.getByTestId('import-success');
  await expect(success).toHaveAttribute('data-created', '2');
  await expect(success).toContainText('2 structures créées');
  await expect(success.getByRole('link')).toHaveText([`CADA Essai ${stamp} A`, `HUDA Essai ${stamp} B`]);

  expect(await openDirectory(page)).toBe(before + 2);
});

test('import from a chosen file', async ({ page }) => {
  await login(page, users.coordinator);
  const stamp = Date.now();
  await page.goto('/organisations/import');
  await page.getByTestId('import-file').setInputFiles({
    name: 'structures.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      `nom;type;places;adresse;code_postal;commune;departement\nCPH Fichier ${stamp};CPH;12;3 rue Haute;13001;Marseille;13\n`,
    ),
  });
  await expect(page.getByTestId('import-text')).toHaveValue(/CPH Fichier/);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-success')).toHaveAttribute('data-created', '1');
});

test('a chosen file saved as Latin-1 is refused with its line, not altered', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/organisations/import');
  const header = Buffer.from('nom;type;places;adresse;code_postal;commune;departement\n');
  // "Créteil" with é as the single byte 0xE9, as a spreadsheet saving in Windows-1252 writes it.
  const line = Buffer.concat([
    Buffer.from('CADA Latin;CADA;30;1 rue A;94000;Cr'),
    Buffer.from([0xe9]),
    Buffer.from('teil;94\n'),
  ]);
  await page.getByTestId('import-file').setInputFiles({
    name: 'latin1.csv',
    mimeType: 'text/csv',
    buffer: Buffer.concat([header, line]),
  });
  await page.getByTestId('import-submit').click();
  const errors = page.getByTestId('import-error-row');
  await expect(errors).toHaveCount(1);
  await expect(errors.getByTestId('import-error-line')).toHaveText('2');
  await expect(errors).toContainText('UTF-8');
  await expect(page.getByTestId('import-success')).toHaveCount(0);
});

test('the organisation form shows the server messages next to the fields', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/organisations/new');
  await page.getByTestId('field-kind').selectOption('structure');
  await page.getByTestId('field-name').fill(`CAES Formulaire ${Date.now()}`);
  await page.getByTestId('field-postcode').fill('7500');
  await page.getByTestId('organisation-submit').click();

  await expect(page.getByTestId('form-problem')).toBeVisible();
  await expect(page.getByTestId('error-postcode')).toBeVisible();
  await expect(page.getByTestId('error-structure_type')).toBeVisible();
  await expect(page.getByTestId('error-department')).toBeVisible();
  await expect(page.getByTestId('field-postcode')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('error-name')).toHaveCount(0);

  await page.getByTestId('field-structure_type').selectOption('CAES');
  await page.getByTestId('field-capacity').fill('30');
  await page.getByTestId('field-address').fill('5 place de la Mairie');
  await page.getByTestId('field-postcode').fill('75011');
  await page.getByTestId('field-commune').fill('Paris');
  await page.getByTestId('field-department').selectOption('75');
  await page.getByTestId('organisation-submit').click();
  await expect(page).toHaveURL(/\/organisations\/\d+$/);
  await expect(page.getByTestId('organisation-details')).toContainText('CAES');
});
