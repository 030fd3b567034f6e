/**
 * Runs a storage test suite once per database engine (PGlite and Postgres), each on a fresh
 * migrated database that is dropped afterwards.
 */
import { after, before, describe } from 'node:test';
import { createTestDatabase, testEngines, type Engine, type TestDatabase } from '../../src/db/test-databases.ts';

export function forEachEngine(title: string, suite: (ctx: () => TestDatabase, engine: Engine) => void, options: { persistent?: boolean } = {}): void {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let t: TestDatabase | undefined;
      before(async () => { t = await createTestDatabase(engine, options); });
      after(async () => { await t?.drop(); });
      suite(() => {
        if (!t) throw new Error('test database not ready');
        return t;
      }, engine);
    });
  }
}
