import { PulseError } from '../domain/errors';
/**
 * Reads one environment for the configuration: each value trimmed (empty is unset), and every
 * problem collected, not thrown, so a person fixing their .env sees the whole list at once,
 * each with the variable, what is wrong with its value and what to do.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
  readonly fix: string;
}

export class ConfigError extends PulseError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'ahp_pulse_config_invalid',
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem} ${p.fix}`).join('\n') +
        '\nSee .env.example for every variable and its default.',
    );
    this.name = 'ConfigError';
  }
}

export class EnvReader {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly env: Env) {}

  /** The value, trimmed; undefined when unset or empty. */
  read(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /** Whether the variable is there at all (an empty value counts as there). */
  has(name: string): boolean {
    return this.env[name] !== undefined;
  }

  problem(variable: string, problem: string, fix: string): void {
    this.problems.push({ variable, problem, fix });
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.problem(
        name,
        `"${raw}" is not a whole number from ${min} to ${max}.`,
        `Set it to a number such as ${fallback}, or remove it to use the default (${fallback}).`,
      );
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.read(name);
    if (raw === undefined) return fallback;
    const match = allowed.find((candidate) => candidate.toLowerCase() === raw.toLowerCase());
    if (match === undefined) {
      this.problem(name, `"${raw}" is not one of ${allowed.join(', ')}.`, `Set it to one of those, or remove it to use the default (${fallback}).`);
      return fallback;
    }
    return match;
  }

  flag(name: string): boolean {
    const raw = this.read(name)?.toLowerCase();
    if (raw === undefined) return false;
    if (['true', 'yes', '1'].includes(raw)) return true;
    if (['false', 'no', '0'].includes(raw)) return false;
    this.problem(name, `"${raw}" is not true or false.`, 'Set it to true or false, or remove it (false).');
    return false;
  }

  /** Throws every problem found, if any. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
