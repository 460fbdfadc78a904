/**
 * Strict command-line options: an option a command does not know is refused (exit 2) with the
 * nearest one it does know, so a misspelt `--seeed 3` never silently runs another seed.
 */

export class OptionError extends Error {}

export interface OptionSpec {
  /** Options that take a value: `--seed 3` or `--seed=3`. */
  values: readonly string[];
  /** Options that take none: `--json`. */
  switches: readonly string[];
}

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known option closest to `word`, when it is close enough to be a slip; else null. */
export function nearest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const dist = k.startsWith(word) || word.startsWith(k) ? Math.min(editDistance(word, k), 1) : editDistance(word, k);
    if (dist < bestD) [best, bestD] = [k, dist];
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

/** "unknown option --seeed; did you mean --seed?" (with what the command takes when nothing is close). */
export function unknownOption(option: string, known: readonly string[], where: string): string {
  const shown = option.length > 40 ? `${option.slice(0, 39)}…` : option;
  const guess = nearest(option.replace(/^-+/, ''), known);
  if (guess !== null) return `unknown option ${shown}; did you mean --${guess}?`;
  const listed = known.filter((k) => k !== 'help');
  return `unknown option ${shown}; ${where} takes ${listed.length === 0 ? 'no options' : listed.map((k) => `--${k}`).join(', ')}`;
}

/**
 * Split argv into positional arguments and options, refusing unknown options, a value option
 * without its value, and a switch given a value. `where` names the command in messages.
 */
export function parseOptions(argv: readonly string[], spec: OptionSpec, where: string): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const known = [...spec.values, ...spec.switches, 'help'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h') {
      flags.set('help', true);
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^-+/, '');
    if (!a.startsWith('--') || !known.includes(name)) throw new OptionError(unknownOption(eq >= 0 ? a.slice(0, eq) : a, known, where));
    if (spec.values.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[i + 1];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new OptionError(`--${name} needs a value (${where})`);
      if (eq < 0) i++;
      flags.set(name, value);
    } else {
      if (eq >= 0) throw new OptionError(`--${name} takes no value (${where})`);
      flags.set(name, true);
    }
  }
  return { positional, flags };
}
