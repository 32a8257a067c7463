// UI language: i18next set up with the French and English messages, the chosen language kept in
// localStorage and exposed as reactive state so that components re-render when it changes.
import i18next from 'i18next';
import fr from '../i18n/fr.json';
import en from '../i18n/en.json';
import { formatCount } from './numbers';

/** The interpolated values that are counts, written as numbers are in the language. */
const COUNT_KEYS = new Set(['count', 'total']);

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'relais.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled (private mode); French is the default.
  }
  return 'fr';
}

const state = $state<{ language: Language }>({ language: storedLanguage() });

// A count reads as the language writes numbers ("2 500 cartes", "2,500 cards"); ids, references
// and other values as they are given. (The catalogues use no named format.)
const countFormatter = {
  type: 'formatter' as const,
  init() {},
  add() {},
  addCached() {},
  format(value: unknown, _format: string | undefined, lng: string | undefined, options?: { interpolationkey?: string }) {
    return typeof value === 'number' && COUNT_KEYS.has(options?.interpolationkey ?? '') ? formatCount(value, lng ?? 'fr') : value;
  },
};

void i18next.use(countFormatter).init({
  lng: state.language,
  fallbackLng: 'fr',
  supportedLngs: [...LANGUAGES],
  resources: { fr: { translation: fr }, en: { translation: en } },
  initAsync: false,
  interpolation: {
    // Svelte escapes text itself; escaping here too would show "&#39;" for apostrophes.
    escapeValue: false,
    // Every value goes through countFormatter below.
    alwaysFormat: true,
  },
  returnNull: false,
});

/** Translates a message key; reading the language makes callers re-render on a switch. */
export function t(key: string, options?: Record<string, unknown>): string {
  void state.language;
  const text = i18next.t(key, options ?? {}) as string;
  // French puts whole millions apart ("many": "1 million de cartes"); the catalogues write the
  // forms one and other only, and other reads right for those too ("1 000 000 cartes").
  if (text === key && typeof options?.count === 'number' && i18next.exists(`${key}_other`)) {
    return i18next.t(`${key}_other`, options) as string;
  }
  return text;
}

export function language(): Language {
  return state.language;
}

export function setLanguage(next: Language): void {
  void i18next.changeLanguage(next);
  state.language = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}
