/**
 * Flags of a command: parsed with node:util parseArgs (strict), then validated with zod. Any
 * mistake becomes a UsageError naming the flag, which main.ts prints and exits with code 2.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { z } from 'zod';

export class UsageError extends Error {}

export interface Command {
  name: string;
  /** The command's own --help text. */
  help: string;
  /** Runs the command; resolves with the exit code. */
  run(argv: string[]): Promise<number>;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Parses argv against the options (keys in camelCase, flags in kebab-case) and validates the
 * values with the schema. Returns 'help' when --help or -h is given.
 */
export function parseFlags<S extends z.ZodType>(command: string, argv: string[], options: ParseArgsOptionsConfig, schema: S, allowPositionals = false):
  { flags: z.infer<S>; positionals: string[] } | 'help' {
  const config: ParseArgsOptionsConfig = { help: { type: 'boolean', short: 'h' } };
  for (const [key, option] of Object.entries(options)) config[kebab(key)] = option;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(`${command}: ${describeParseError(err as Error & { code?: string })}`);
  }
  if (parsed.values.help) return 'help';
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    const value = parsed.values[kebab(key)];
    if (value !== undefined) values[key] = value;
  }
  const result = schema.safeParse(values);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = i.path[0];
      return typeof key === 'string' ? `--${kebab(key)}: ${i.message}` : i.message;
    });
    throw new UsageError(`${command}: ${lines.join('; ')}`);
  }
  return { flags: result.data, positionals: parsed.positionals };
}

function describeParseError(err: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown flag ${flag ?? err.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!flag) return err.message;
      if (/does not take/.test(err.message)) return `flag ${flag} takes no value`;
      if (/ambiguous/.test(err.message)) return `flag ${flag} needs a value (write ${flag}=<value> for a value starting with -)`;
      return `flag ${flag} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return `unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trim();
    default: return err.message;
  }
}
