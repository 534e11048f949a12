import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { junkText } from './junk.ts';
import { applyMutations, mutationArbitrary } from './message-mutations.ts';

/**
 * Sites files as an operator's editor (or a broken deploy) leaves them: the demo file
 * (api/config/sites.json) with its values changed, keys dropped or added, parts nested,
 * repeated or swapped; its text cut, padded or spliced; or something else entirely. Most
 * structural edits keep the file valid, with odd values (time zones with half-hour offsets,
 * intervals up to 24:00, holidays on leap days): what the API then serves is fuzzed too.
 */

export const demoSitesText = readFileSync(
  new URL('../../../api/config/sites.json', import.meta.url),
  'utf8',
);
const demo = JSON.parse(demoSitesText) as unknown;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every path in the demo file, root included: where a structural edit lands. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value))
    return [at, ...value.flatMap((item, index) => pathsOf(item, [...at, index]))];
  if (value && typeof value === 'object')
    return [at, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, key]))];
  return [at];
}
const demoPaths = pathsOf(demo);

/** Values a field may plausibly take (many valid somewhere), and junk of every JSON type. */
const plausible: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  'UTC',
  'utc',
  'Etc/GMT-14',
  'Etc/GMT+12',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Europe/London',
  '+05:30',
  '-14:00',
  'EST5EDT',
  'Mars/Olympus',
  '00:00',
  '23:59',
  '24:00',
  '12:30',
  '2026-03-08',
  '2026-11-01',
  '2028-02-29',
  '2026-02-30',
  [{ open: '00:00', close: '24:00' }],
  [{ open: '22:00', close: '02:00' }],
  [
    { open: '08:00', close: '12:00' },
    { open: '11:00', close: '13:00' },
  ],
  [],
  {},
  'en',
  'es-MX',
  'zh-Hant',
  'US',
  'XK',
  'sales',
  'support-en',
  'queue-x',
  '+17139293714',
  '+999999999999999',
  'https://www.acme.example',
  'http://127.0.0.1:8000',
  'wss://gw.example:443/sip',
  'stun:stun.example.org',
  'turn:turn.example.com:3478?transport=udp',
  'sip:queue@pbx.example',
  'X-Queue-Skill',
  'x'.repeat(80),
  'x'.repeat(81),
  true,
  false,
  0,
  1,
  -1,
  65535,
  65536,
  1_000_000,
  0.5,
);
const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  junkText,
  fc.constantFrom<Json>(null, 1e308, -1e308, 2 ** 53, '', '__proto__', 'constructor'),
  fc.string({ minLength: 9_000, maxLength: 70_000 }),
);
const value = fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: junk });
const key = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    'toString',
    '',
    'sites',
    'acme',
    'x',
  ),
  junkText,
);

const zones = [
  'UTC',
  'utc',
  'Etc/GMT-14',
  'Etc/GMT+12',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Europe/London',
  'America/St_Johns',
  '+05:30',
  '-14:00',
  'EST5EDT',
];
const times = ['00:00', '00:01', '23:59', '24:00', '12:30', '02:00', '02:30', '03:00', '01:59'];
/** Values valid for a field, named by its key (or its array's): a file that still loads, oddly. */
const fieldValues: Readonly<Record<string, readonly Json[]>> = {
  timeZone: zones,
  open: times,
  close: times,
  holidays: [
    '2026-03-08',
    '2026-03-29',
    '2026-11-01',
    '2028-02-29',
    '2026-12-31',
    '1970-01-01',
    '2099-12-31',
  ],
  languages: ['en', 'es-MX', 'pt-BR', 'fil', 'de'],
  language: ['en', 'es', 'fr', 'de'],
  countries: ['US', 'GB', 'XK', 'AQ', 'ZZ', 'DE'],
  country: ['US', 'GB', 'ES'],
  US: ['+17139293714', '+1234567', '+999999999999999', '+80012345678', '+447911123456'],
  id: ['sales', 'support', 'billing', 'a', 'x'.repeat(64)],
  intent: ['sales', 'support', 'billing'],
  queue: ['support-en', 'sales-en', 'general-es', 'nowhere'],
  defaultQueue: ['support-en', 'general-de', 'nowhere'],
  user: ['queue-x', 'a.b+c', '0'],
  uri: [
    'sip:q@pbx.example',
    'sips:q@[::1]:5061',
    'sip:queue@127.0.0.1;transport=tcp',
    'tel:+15550100',
  ],
  name: ['\u202eevil', 'x'.repeat(120), '<script>alert(1)</script>', 'Ünïcødé 株式会社'],
  displayName: ['\u202eevil', 'x'.repeat(80), '<b>Support</b>', '🙂'],
  label: ['x'.repeat(80), '\u0000', 'Ventas'],
  primaryColor: ['#000000', '#FFFFFF', '#abcdef'],
  position: ['bottom-left', 'bottom-right'],
  gatewayUrl: ['wss://gw.example:443/sip', 'ws://[::1]:8090/sip', 'ws://127.0.0.1:1/'],
  pinGateway: [true, false],
  bindSessionToIp: [true, false],
  host: ['::1', '[::1]', 'pbx.example', '127.0.0.1', 'a'],
  port: [1, 5060, 65535],
  transport: ['udp', 'tcp'],
  timeoutMs: [100, 30_000],
  siteKey: ['k', 'x'.repeat(1_000)],
  'X-Queue-Skill': ['support', 'x'.repeat(200), ''],
  'X-Language': ['es', ''],
  allowedOrigins: ['https://www.acme.example', 'http://localhost:8000', 'https://a:65535'],
  urls: [
    'stun:stun.example.org',
    'turn:turn.example.com:3478?transport=udp',
    'turns:turn.example.com:443?transport=tcp',
  ],
};
for (const limit of [
  'sessionsPerIpPerMinute',
  'callsPerIpPerMinute',
  'concurrentCallsPerIp',
  'callsPerSession',
  'concurrentCallsPerSite',
])
  Object.assign(fieldValues, { [limit]: [1, 1_000_000] });

/** The field a path names: its last key, or for an array item its array's. */
function fieldOf(path: Path): string | undefined {
  const keys = path.filter((step): step is string => typeof step === 'string');
  return keys.at(-1);
}

type Edit =
  | { op: 'vary'; at: number; choice: number }
  | { op: 'set'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'add-key'; at: number; key: string; value: Json }
  | { op: 'copy'; at: number; to: number }
  | { op: 'nest'; at: number; depth: number };

const vary: fc.Arbitrary<Edit> = fc.record({
  op: fc.constant('vary' as const),
  at: fc.nat(),
  choice: fc.nat(),
});
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 10, arbitrary: vary },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('add-key' as const), at: fc.nat(), key, value }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('copy' as const), at: fc.nat(), to: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      at: fc.nat(),
      depth: fc.integer({ min: 1, max: 5_000 }),
    }),
  },
);

/**
 * The demo file's text with structural edits, each at a path of the demo taken modulo their
 * number. Deep nesting is spliced into the text (a placeholder string stands for it until
 * then): a value thousands of arrays deep is more than JSON.stringify's stack holds.
 */
function editedText(edits: readonly Edit[], pretty: boolean): string {
  const root = { file: structuredClone(demo) as Json };
  const nests: string[] = [];
  // Generated values go into the tree as copies: put in as they are, a later edit would change
  // fast-check's own value, which it hands out again while shrinking, and one holding another
  // that holds it made a cycle JSON.stringify threw on (after 24 min of the long run).
  for (const change of edits) {
    const path = ['file', ...demoPaths[change.at % demoPaths.length]!];
    const parent = locate(root, path.slice(0, -1));
    const last = path.at(-1)!;
    if (!parent) continue;
    const current = parent[last as never] as Json;
    switch (change.op) {
      case 'vary': {
        const field = fieldOf(demoPaths[change.at % demoPaths.length]!);
        const choices = (field && fieldValues[field]) || [];
        if (choices.length > 0) setIn(parent, last, choices[change.choice % choices.length]!);
        break;
      }
      case 'set':
        setIn(parent, last, structuredClone(change.value));
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete (parent as Record<string, Json>)[last];
        break;
      case 'add-key':
        // defineProperty: a "__proto__" key becomes an own key, as JSON.parse makes it.
        if (current && typeof current === 'object' && !Array.isArray(current))
          Object.defineProperty(current, change.key, {
            value: structuredClone(change.value),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        break;
      case 'copy': {
        const from = locate(root, ['file', ...demoPaths[change.to % demoPaths.length]!]);
        setIn(parent, last, structuredClone(from ?? null) as Json);
        break;
      }
      case 'nest': {
        const inner = JSON.stringify(current ?? null);
        nests.push(`${'['.repeat(change.depth)}${inner}${']'.repeat(change.depth)}`);
        setIn(parent, last, `\u0000nest-${nests.length - 1}\u0000`);
        break;
      }
    }
  }
  return nests.reduce(
    (text, nest, index) => text.split(JSON.stringify(`\u0000nest-${index}\u0000`)).join(nest),
    // The root deleted: an empty file.
    JSON.stringify(root.file, null, pretty ? 2 : undefined) ?? '',
  );
}

function locate(root: Json, path: Path): Record<string | number, Json> | undefined {
  let node: Json | undefined = root;
  for (const step of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[step];
  }
  return node && typeof node === 'object' ? (node as Record<string | number, Json>) : undefined;
}

function setIn(parent: Record<string | number, Json>, key: string | number, next: Json) {
  Object.defineProperty(parent, key, {
    value: next,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const textMutations = mutationArbitrary({
  eol: '\n',
  padLengths: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 10_000, max: 70_000 })),
  lines: fc.oneof(
    junkText,
    fc.constantFrom(
      '"sites": {}',
      '"__proto__": {"polluted": true},',
      '"acme": null,',
      '}',
      '{',
      ',',
      '[',
      '"',
    ),
  ),
});

/** A sites file's text, as the store reads it from disk. */
export const sitesFileText: fc.Arbitrary<string> = fc.oneof(
  {
    // Odd values that still load: what the API then serves is fuzzed too.
    weight: 5,
    arbitrary: fc
      .array(vary, { minLength: 1, maxLength: 8 })
      .map((edits) => editedText(edits, true)),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean())
      .map(([edits, pretty]) => editedText(edits, pretty)),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(textMutations, { minLength: 1, maxLength: 3 })
      .map((mutations) =>
        applyMutations(Buffer.from(demoSitesText), mutations, '\n').toString('utf8'),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      junk.map((json) => JSON.stringify(json)),
      junkText,
      fc.constantFrom(
        '',
        '\ufeff' + demoSitesText,
        demoSitesText.replace(/\n/g, '\r\n'),
        'null',
        '[]',
        '{"sites":{}}',
      ),
    ),
  },
);
