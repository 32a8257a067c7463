// The writing rules, and every text of the three catalogues a person reads held to them: the web
// app's fr.json and en.json, and the server's messages (problem details, PDFs) in
// src/core/messages.cpp, read here from its source so that one rule set judges all three.
import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';
import serverSource from '../../../src/core/messages.cpp?raw';
import { NARROW_NBSP, flatten, writingFaults } from './writing_rules';


function decode(literal: string): string {
  return literal.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.startsWith('u') && c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ n: '\n', t: '\t' } as Record<string, string>)[c] ?? c;
  });
}

/** The entries `{"key", {"fr", "en"}}` of the C++ catalogue, adjacent literals joined. */
function serverCatalogue(source: string): Map<string, { fr: string; en: string }> {
  const start = source.indexOf('kTexts = {');
  const end = source.indexOf('return kTexts;');
  if (start < 0 || end < start) throw new Error('catalogue not found in messages.cpp');
  const tokens: string[] = [];
  for (const m of source.slice(start + 'kTexts = '.length, end).matchAll(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|[{},;]/g)) {
    const token = m[0];
    if (token.startsWith('//')) continue;
    const last = tokens.length - 1;
    if (token.startsWith('"') && tokens[last]?.startsWith('"')) tokens[last] = `"${decode(tokens[last]).replace(/["\\]/g, '\\$&')}${token.slice(1)}`;
    else tokens.push(token);
  }
  const out = new Map<string, { fr: string; en: string }>();
  // Outer braces of the table, then entries of exactly this shape, then the closing brace.
  expect(tokens[0]).toBe('{');
  let i = 1;
  while (tokens[i] === '{') {
    const [open, key, comma1, inner, frText, comma2, enText, close1, close2] = tokens.slice(i, i + 9);
    const shape = [open, comma1, inner, comma2, close1, close2].join('');
    expect(shape, `entry after ${[...out.keys()].at(-1)}`).toBe('{,{,}}');
    for (const literal of [key, frText, enText]) expect(literal.startsWith('"'), `literal near ${key}`).toBe(true);
    const name = decode(key);
    expect(out.has(name), `${name} twice`).toBe(false);
    out.set(name, { fr: decode(frText), en: decode(enText) });
    i += 9;
    if (tokens[i] === ',') i += 1;
  }
  expect(tokens.slice(i, i + 2), 'the end of the table').toEqual(['}', ';']);
  return out;
}

describe('writingFaults', () => {
  it('refuses the plural crutches in both languages', () => {
    for (const text of ['{{count}} carte(s)', '2 adulte(s)', '{} champ(s) invalide(s)', 'les bénévole(s)', 'citoyen(ne)', '{{n}} child(ren)', 'structuré·e·s']) {
      expect(writingFaults(text, 'fr'), text).not.toEqual([]);
      expect(writingFaults(text, 'en'), text).not.toEqual([]);
    }
    expect(writingFaults('{{count}} cartes', 'fr')).toEqual([]);
    expect(writingFaults('Par département ({{departments}})', 'fr')).toEqual([]);
    expect(writingFaults('Relais (nouvelle fenêtre)', 'fr')).toEqual([]);
    expect(writingFaults('$t(common.none) · CO-000001 · page 1', 'fr')).toEqual([]);
  });

  it('asks French for a narrow no-break space before ? ! : ; and », and after «', () => {
    for (const text of ['Prêt : scannez', 'Prêt\u00a0: scannez', 'Prêt: scannez', 'Tout est arrivé ?', 'merci !', 'La demande ; les cartes', '« En stock »', '«\u202fEn stock »', '« En stock\u202f»', 'En-tête attendu :', '{{iccid}} : reçue', '{}: reçue']) {
      expect(writingFaults(text, 'fr'), text).not.toEqual([]);
    }
    for (const text of [`Prêt${NARROW_NBSP}: scannez`, `Tout est arrivé${NARROW_NBSP}?`, `«${NARROW_NBSP}En stock${NARROW_NBSP}»`, `{{iccid}}${NARROW_NBSP}: reçue`, `{}${NARROW_NBSP}: reçue`]) {
      expect(writingFaults(text, 'fr'), text).toEqual([]);
    }
  });

  it('leaves times, addresses, placeholders and arrows alone', () => {
    for (const text of ['Ouvert de 10:30 à 12:00.', 'Voir https://relais.example/login?next=/stock', '{{from}} → {{to}}', '{{count}} / {{max}} caractères', '< 5', '{{value, number}} cartes', 'Adresse contenant {tracking}', '$t(referrals.adults, {"count": {{adults}} })']) {
      expect(writingFaults(text, 'fr'), text).toEqual([]);
      expect(writingFaults(text, 'en'), text).toEqual([]);
    }
  });

  it('names the fault and where it is', () => {
    expect(writingFaults('Tout est arrivé : aucun incident.', 'fr')).toEqual([
      '":" without a narrow no-break space before it at "t est arrivé : aucun inc"',
    ]);
    expect(writingFaults('Everything here ?', 'en')).toEqual(['space before "?" in English at "rything here ?"']);
  });
});

describe('the server catalogue as the test reads it', () => {
  it('joins adjacent literals, decodes escapes and skips comments', () => {
    const source = `const auto kTexts = {
      // A comment with "quotes" and https://example
      {"a", {"Un " "deux", "One \\"two\\""}},
      {"b_one", {"{} carte", "{} card"}}};
    return kTexts;`;
    expect([...serverCatalogue(source)]).toEqual([
      ['a', { fr: 'Un deux', en: 'One "two"' }],
      ['b_one', { fr: '{} carte', en: '{} card' }],
    ]);
  });
});

describe('every catalogue a person reads', () => {
  const catalogues: [string, 'fr' | 'en', Map<string, string>][] = [
    ['fr.json', 'fr', flatten(fr)],
    ['en.json', 'en', flatten(en)],
  ];
  const server = serverCatalogue(serverSource);
  catalogues.push(['messages.cpp (fr)', 'fr', new Map([...server].map(([k, v]) => [k, v.fr]))]);
  catalogues.push(['messages.cpp (en)', 'en', new Map([...server].map(([k, v]) => [k, v.en]))]);

  it('reads the whole server catalogue', () => {
    expect(server.size).toBeGreaterThan(150);
    expect(server.get('not_authenticated')?.en).toBe('You must log in.');
  });

  for (const [name, lang, messages] of catalogues) {
    it(`${name}: no plural crutch${lang === 'fr' ? ', French spacing' : ''}`, () => {
      const faults = [...messages].flatMap(([key, text]) => writingFaults(text, lang).map((f) => `${key}: ${f}`));
      expect(faults).toEqual([]);
    });
  }

  it('give every server plural both its forms', () => {
    for (const key of server.keys()) {
      if (key.endsWith('_one')) expect(server.has(key.replace(/_one$/, '_other')), key).toBe(true);
      if (key.endsWith('_other')) expect(server.has(key.replace(/_other$/, '_one')), key).toBe(true);
    }
  });
});
