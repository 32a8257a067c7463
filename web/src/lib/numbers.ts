// Numbers written for a reader in the UI language: "2 500" in French (a narrow no-break space
// between thousands), "2,500" in English, and decimals with the language's separator.

const counts = new Map<string, Intl.NumberFormat>();
const decimals = new Map<string, Intl.NumberFormat>();

function formatter(cache: Map<string, Intl.NumberFormat>, language: string, options: Intl.NumberFormatOptions) {
  let format = cache.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, options);
    cache.set(language, format);
  }
  return format;
}

/** A whole number, e.g. 2500 → "2 500" in French. */
export function formatCount(value: number, language: string): string {
  return formatter(counts, language, { maximumFractionDigits: 0 }).format(value);
}

/** A number with at most two decimals, e.g. 1.56 → "1,56" in French, 1.5 → "1,5". */
export function formatDecimal(value: number, language: string): string {
  return formatter(decimals, language, { maximumFractionDigits: 2 }).format(value);
}
