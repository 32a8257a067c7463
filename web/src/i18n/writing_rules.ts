// How every text a person reads is written, in the web catalogues and the server's messages
// alike (`writing_rules.test.ts` holds all three to it): counts go through plural forms, never
// "carte(s)"; French puts a narrow no-break space (U+202F) before ? ! : ; and », and after «,
// so that a phone never wraps the punctuation onto a line of its own.

export type WritingLanguage = 'fr' | 'en';

/** The narrow no-break space of French typography. */
export const NARROW_NBSP = '\u202f';

// i18next's {{name}} (with a format: {{n, number}}), its nesting $t(key, {"count": {{n}} }),
// and the server's {} and {name}: what they become is not the catalogue's text, so each
// stands for one digit while the rules are checked.
const PLACEHOLDER = /\$t\([^()]*\)|\{\{[^{}]*\}\}|\{\w*\}/g;

// A word followed by a bracketed ending: carte(s), adulte(s), child(ren), citoyen(ne).
const PLURAL_CRUTCH = /\p{L}\(\p{Ll}{1,3}\)/u;
// The inclusive point as a plural crutch: structuré·e·s.
const POINT_CRUTCH = /\p{L}·\p{Ll}/u;

// Punctuation that ends a word: followed by a space or the end of the text. A colon inside
// 10:30 or https:// and a question mark inside /login?next= are not.
const FRENCH_HIGH = /(.?)([?!:;])(?=\s|$)/gsu;

function where(text: string, index: number): string {
  return JSON.stringify(text.slice(Math.max(0, index - 12), index + 12));
}

/** What breaks the rules in one text, each fault a short sentence; empty when it reads right. */
export function writingFaults(text: string, lang: WritingLanguage): string[] {
  const faults: string[] = [];
  const plain = text.replace(PLACEHOLDER, '0');
  const crutch = PLURAL_CRUTCH.exec(plain) ?? POINT_CRUTCH.exec(plain);
  if (crutch) faults.push(`plural crutch ${where(plain, crutch.index)}: use plural forms`);
  if (lang === 'fr') {
    for (const m of plain.matchAll(FRENCH_HIGH)) {
      if (m[1] !== NARROW_NBSP) faults.push(`"${m[2]}" without a narrow no-break space before it at ${where(plain, m.index)}`);
    }
    for (const m of plain.matchAll(/(.?)»/gsu)) {
      if (m[1] !== NARROW_NBSP) faults.push(`"»" without a narrow no-break space before it at ${where(plain, m.index)}`);
    }
    for (const m of plain.matchAll(/«(.?)/gsu)) {
      if (m[1] !== NARROW_NBSP) faults.push(`"«" without a narrow no-break space after it at ${where(plain, m.index)}`);
    }
  } else {
    for (const m of plain.matchAll(/[\s\u00a0\u202f]+([?!:;])/gu)) {
      faults.push(`space before "${m[1]}" in English at ${where(plain, m.index)}`);
    }
  }
  return faults;
}

/** A catalogue, nested by sections. */
export type Messages = { [key: string]: string | Messages };

/** Every message of a catalogue by its dotted key ("stock.total_cards_one"). */
export function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}
