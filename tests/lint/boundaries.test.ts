import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The project's own ESLint config, applied to source text placed (virtually) in each layer.
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('import boundaries', () => {
  it.each([
    ['widget/src/CallScreen.tsx', "import { createApp } from '../../api/src/app.ts';"],
    ['widget/src/call.ts', "import '../../media/src/main.ts';"],
    [
      'api/src/app.ts',
      "import { startMediaWorker } from '../../media/src/engine/media-worker.ts';",
    ],
    ['media/src/main.ts', "import { createApp } from '../../api/src/app.ts';"],
    ['embed/src/loader.ts', "import '../../widget/src/main.tsx';"],
    ['protocol/health.ts', "import '../api/src/app.ts';"],
    ['media/src/sip/invite.ts', "import * as mediasoup from 'mediasoup';"],
    ['media/src/sip/invite.ts', "import type { types } from 'mediasoup';"],
    ['media/src/sip/invite.ts', "import { startMediaWorker } from '../engine/media-worker.ts';"],
    ['media/src/engine/router.ts', "import { Dialog } from '../sip/dialog.ts';"],
    ['media/src/engine/router.ts', "import { Grammar } from 'sip.js';"],
  ])('rejects a cross-boundary import in %s: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toHaveLength(1);
  });

  it.each([
    ['widget/src/call.ts', "import type { Health } from '../../protocol/health.ts';"],
    ['api/src/main.ts', "import { loadApiConfig } from '../../protocol/config/api-config.ts';"],
    ['media/src/engine/media-worker.ts', "import * as mediasoup from 'mediasoup';"],
    ['media/src/sip/invite.ts', "import { Grammar } from 'sip.js';"],
    ['media/src/main.ts', "import { startMediaWorker } from './engine/media-worker.ts';"],
    // A layer's own sub-folder named like another layer is not that layer.
    ['widget/src/call/CallScreen.tsx', "import { visitorApi } from '../api/visitor-api.ts';"],
    [
      'widget/src/api/visitor-api.ts',
      "import type { Session } from '../../../protocol/api/session.ts';",
    ],
  ])('allows %s: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
