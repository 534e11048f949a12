import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createdEvent } from '../../../tests/support/api/created-event.ts';
import { openRepository } from './open-repository.ts';

describe('openRepository', () => {
  it('keeps the embedded store on disk across restarts', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ctc-pglite-')), 'data');
    try {
      const id = randomUUID();
      const first = await openRepository({ dataDir });
      const call = {
        id,
        siteId: 'acme',
        sessionId: 'session-1',
        queue: 'support-en',
        queueDisplayName: 'English Technical Support',
        routing: { intent: 'support', language: 'en', country: 'US' },
        createdAt: new Date(),
        tokenExpiresAt: new Date(),
      };
      expect(await first.recordEvent(createdEvent(call), new Date())).toBe('applied');
      await first.close();
      const second = await openRepository({ dataDir });
      expect(await second.getCall(id)).toMatchObject({ id, queue: 'support-en' });
      await second.close();
    } finally {
      rmSync(dirname(dataDir), { recursive: true, force: true });
    }
  });

  it('fails at start-up, naming the cause, when PostgreSQL cannot be reached', async () => {
    await expect(
      openRepository({ databaseUrl: 'postgresql://nobody@127.0.0.1:9/nothing' }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
