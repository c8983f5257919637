import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../hub/migrate';
import { BACKENDS, openTestDatabase } from './backends';

describe.each(BACKENDS)('migrations on %s', (backend) => {
  it('are applied once, in order, and recorded', async () => {
    const db = await openTestDatabase(backend);
    try {
      expect(await migrate(db)).toEqual([]);
      const recorded = await db.transaction(({ query }) => query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version'));
      expect(recorded).toEqual(migrations().map(({ version, name }) => ({ version, name })));
      expect(recorded.map((m) => m.version)).toEqual([...recorded.map((m) => m.version)].sort((a, b) => a - b));
    } finally {
      await db.close();
    }
  });
});
