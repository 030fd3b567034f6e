/**
 * Inserting rows that are almost always new: a plain INSERT, whose unique key still refuses a
 * repeat, spares the conflict check of every row that ON CONFLICT makes (about a tenth of the
 * insert). If the plain insert breaks a unique key, it is rolled back to a savepoint and the
 * conflict-aware insert runs instead (the plain one stops at the first repeat it meets).
 */
import type { Queryable } from './database.ts';

export async function insertExpectingNew<T>(tx: Queryable, name: string, plain: () => Promise<T>, conflictAware: () => Promise<T>): Promise<T> {
  await tx.query(`savepoint ${name}`);
  try {
    const result = await plain();
    await tx.query(`release savepoint ${name}`);
    return result;
  } catch (err) {
    if ((err as { code?: unknown }).code !== '23505') throw err;
    await tx.query(`rollback to savepoint ${name}`);
  }
  return conflictAware();
}
