// `npm run add-supervisor -- NAME < password-file` (the project's Node, as npm runs it): adds
// (or resets) a supervisor who can sign in at /supervisor. A second entry point beside
// main.ts, reading the same configuration (DATABASE_URL, or API_DATA_DIR for the embedded
// store: `.data/demo/api-data` for `npm start`'s), and the password from stdin so it never
// shows in `ps` or shell history.
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { loadApiConfig } from '../../protocol/config/api-config.ts';
import { openRepository } from './storage/open-repository.ts';
import { hashPassword } from './supervisor/password-hash.ts';

// A command-line tool, not the service: it talks to the operator on stderr, not through pino.
const say = (line: string) => process.stderr.write(`add-supervisor: ${line}\n`);
const username = process.argv[2] ?? '';
if (!/^[A-Za-z0-9._-]{1,64}$/.test(username)) {
  say('usage: npm run add-supervisor -- NAME < password-file (NAME: letters, digits, . _ -)');
  process.exit(2);
}
const password = (await text(process.stdin)).replace(/\r?\n$/, '');
if (password.length < 12) {
  say('the password must have at least 12 characters');
  process.exit(2);
}
const config = loadApiConfig(process.env);
const repo = await openRepository({
  databaseUrl: config.databaseUrl,
  dataDir: join(config.dataDir, 'pglite'),
});
await repo.upsertUser({ username, passwordHash: await hashPassword(password) });
await repo.close();
say(`${username} can now sign in at /supervisor`);
