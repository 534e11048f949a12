// `npm run add-supervisor -- NAME [--totp] < password-file` (the project's Node, as npm runs
// it): adds (or resets) a supervisor who can sign in at /supervisor. With --totp, enrols an
// authenticator app: prints its otpauth:// URI once (on stdout, to scan or paste), and sign-in
// then needs its code; without, a reset drops any enrolment. A second entry point beside
// main.ts, reading the same configuration (DATABASE_URL, or API_DATA_DIR for the embedded
// store: `.data/demo/api-data` for `npm start`'s), and the password from stdin so it never
// shows in `ps` or shell history.
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { loadApiConfig } from '../../protocol/config/api-config.ts';
import { openRepository } from './storage/open-repository.ts';
import { hashPassword } from './supervisor/password-hash.ts';
import { newTotpEnrolment } from './supervisor/totp.ts';

// A command-line tool, not the service: it talks to the operator on stderr, not through pino.
const say = (line: string) => process.stderr.write(`add-supervisor: ${line}\n`);
const [username = '', ...flags] = process.argv.slice(2);
const withTotp = flags.includes('--totp');
if (!/^[A-Za-z0-9._-]{1,64}$/.test(username) || flags.some((flag) => flag !== '--totp')) {
  say(
    'usage: npm run add-supervisor -- NAME [--totp] < password-file (NAME: letters, digits, . _ -)',
  );
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
const enrolment = withTotp ? newTotpEnrolment(username) : undefined;
await repo.upsertUser({
  username,
  passwordHash: await hashPassword(password),
  ...(enrolment && { totpSecret: enrolment.secret }),
});
await repo.close();
if (enrolment) {
  say('add this to the authenticator app (shown once; run again with --totp to replace it):');
  process.stdout.write(`${enrolment.uri}\n`);
}
say(`${username} can now sign in at /supervisor${enrolment ? ' with a code from the app' : ''}`);
