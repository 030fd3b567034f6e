/**
 * Route options for the public routes a campaign hits thousands of times a second (a live code's
 * page and its JSON twin): the same answers, the same validation, less work per request.
 * Profiled under bench:joins, the HTTP layer around a seat cost more than the seat itself; what
 * these options cut, and why that is safe (docs/acquisition.md, "What the public route skips"):
 * - input: the route's zod schemas stay the contract (and the OpenAPI document), but a request is
 *   first checked by a plain function that accepts only what the schema accepts; anything else
 *   (a bad slug, an unknown key, a repeated parameter) goes to zod, which answers the usual 400.
 * - output: the handler builds its answer from the route's own fields, so it is written with
 *   JSON.stringify instead of being parsed again by zod first.
 * - logging: Fastify makes a pino child logger per request (bindings serialized through the
 *   redaction); these routes log only warnings, so the child is made on the first line logged.
 */
import type { FastifyBaseLogger, FastifySchemaCompiler } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

type Check = (data: unknown) => boolean;

/** Zod's validator behind a plain check: data the check accepts is taken as it is, the rest goes to zod. */
export function checkedFirst(checks: Partial<Record<'params' | 'querystring', Check>>): FastifySchemaCompiler<unknown> {
  return (route) => {
    const full = validatorCompiler(route as FastifyRouteSchemaDef<ZodType>);
    const check = checks[route.httpPart as keyof typeof checks];
    if (!check) return full;
    return (data: unknown) => (check(data) ? { value: data } : full(data));
  };
}

/** An object (Fastify's params or query) whose own keys are all among `allowed`. */
export function onlyKeys(data: unknown, allowed: ReadonlySet<string>): data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null) return false;
  for (const k in data) if (!allowed.has(k)) return false;
  return true;
}

/** JSON.stringify for answers the handler builds field by field (no zod pass over them). */
export const plainJson = () => (data: unknown) => JSON.stringify(data);

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
interface PinoLike extends FastifyBaseLogger { levels?: { values: Record<string, number> }; levelVal?: number }

/** A request's logger that becomes pino's child only when something is logged at a level enabled. */
class LazyChild {
  #real: FastifyBaseLogger | undefined;
  readonly #min: number;
  readonly #values: Record<string, number>;
  private readonly parent: PinoLike;
  private readonly bindings: Bindings;
  private readonly opts: ChildLoggerOptions;
  constructor(parent: PinoLike, bindings: Bindings, opts: ChildLoggerOptions) {
    this.parent = parent;
    this.bindings = bindings;
    this.opts = opts;
    this.#values = parent.levels?.values ?? {};
    this.#min = opts.level ? (this.#values[opts.level] ?? Infinity) : (parent.levelVal ?? 0);
  }
  #child(): FastifyBaseLogger { return (this.#real ??= this.parent.child(this.bindings, this.opts)); }
  #log(level: Level, args: unknown[]): void {
    if ((this.#values[level] ?? 0) >= this.#min) (this.#child()[level] as (...a: unknown[]) => void)(...args);
  }
  get level(): string { return this.#real?.level ?? this.opts.level ?? this.parent.level; }
  set level(level: string) { this.#child().level = level; }
  fatal(...args: unknown[]) { this.#log('fatal', args); }
  error(...args: unknown[]) { this.#log('error', args); }
  warn(...args: unknown[]) { this.#log('warn', args); }
  info(...args: unknown[]) { this.#log('info', args); }
  debug(...args: unknown[]) { this.#log('debug', args); }
  trace(...args: unknown[]) { this.#log('trace', args); }
  silent() { /* nothing */ }
  child(bindings: Bindings, opts?: ChildLoggerOptions): FastifyBaseLogger { return this.#child().child(bindings, opts); }
}

/** Fastify's childLoggerFactory, lazily: the same child (same bindings, level, serializers) when it logs. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChild(logger as PinoLike, bindings, opts) as unknown as FastifyBaseLogger;
}
