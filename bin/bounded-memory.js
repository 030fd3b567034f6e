// How a command runs with bounded memory: V8 flags (they take effect only when a process starts)
// and the environment. One definition for the launcher (bin/qunyun.js) and for a command started
// without it (src/cli/bounded-memory.ts, which says why these flags). Plain JavaScript: the
// launcher may run on a Node that cannot run TypeScript.

/** Set in the environment of a process that already runs with these flags. */
export const BOUNDED_MARKER = 'QUNYUN_BOUNDED_MEMORY';

export function boundedMemory(env) {
  const embedded = !env.DATABASE_URL;
  const out = { ...env, [BOUNDED_MARKER]: '1' };
  if (embedded && !out.PGLITE_SHARED_BUFFERS) out.PGLITE_SHARED_BUFFERS = '16MB';
  return { flags: ['--max-old-space-size=96', '--max-semi-space-size=2', ...(embedded ? ['--liftoff-only'] : [])], env: out };
}
