// `node api/src/signing-keys.ts COMMAND FILE`: makes and rotates the API's signing keys file
// (API_KEYS_FILE, see tokens/key-file.ts) the way an operator needs it, without a running API.
//   create FILE                   a new file: session secret and one call-token key (0600)
//   rotate FILE [--in SECONDS]    adds a key that starts signing SECONDS from now (default
//                                 300): the running APIs reload the file, publish the new key
//                                 in their JWKS at once, and gateways fetch it before it signs
//   prune FILE                    removes keys no token can still need: older than the signing
//                                 key by more than a call token's lifetime
// A second entry point beside main.ts; it prints what it did on stderr, never a key.
import { existsSync } from 'node:fs';
import {
  generateCallTokenKey,
  generateKeyFile,
  readKeyFile,
  writeKeyFile,
} from './tokens/key-file.ts';
import { keysStillNeeded } from './tokens/key-retention.ts';

const say = (line: string) => process.stderr.write(`signing-keys: ${line}\n`);
const usage = () => {
  say('usage: node api/src/signing-keys.ts create|rotate|prune FILE [--in SECONDS]');
  process.exit(2);
};

async function main(argv: string[]): Promise<void> {
  const [command, path, flag, value] = argv;
  if (!command || !path) return usage();
  const now = new Date();
  if (command === 'create') {
    if (existsSync(path)) {
      say(`${path} exists: use rotate to add a key (create never overwrites keys)`);
      process.exit(1);
    }
    await writeKeyFile(path, await generateKeyFile(now));
    say(`created ${path} (mode 0600): point API_KEYS_FILE at it`);
    return;
  }
  const file = await readKeyFile(path);
  if (command === 'rotate') {
    const delayS = flag === undefined ? 300 : flag === '--in' ? Number(value) : NaN;
    if (!Number.isInteger(delayS) || delayS < 0 || delayS > 30 * 86_400) return usage();
    const key = await generateCallTokenKey(new Date(now.getTime() + delayS * 1000));
    await writeKeyFile(path, { ...file, callTokenKeys: [...file.callTokenKeys, key] });
    say(`added key ${key.kid}, signing from ${key.notBefore}; prune after that plus 2 minutes`);
    return;
  }
  if (command === 'prune') {
    const kept = keysStillNeeded(file, now);
    const removed = file.callTokenKeys.length - kept.callTokenKeys.length;
    if (removed > 0) await writeKeyFile(path, kept);
    say(`removed ${removed} key(s), ${kept.callTokenKeys.length} left`);
    return;
  }
  usage();
}

await main(process.argv.slice(2));
