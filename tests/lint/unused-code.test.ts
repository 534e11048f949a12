import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The unused-code step of `npm run lint` and `npm test` (infra/lint/unused-code.ts: knip with
// this repo's knip.config.ts), run on a small project laid out like this one.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const node = join(repo, 'node_modules/.bin/node');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lintProject(files: Record<string, string>): { passed: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-unused-code-'));
  dirs.push(dir);
  // vitest as in this repo: knip's vitest plugin then takes *.test.ts files for tests.
  const packageJson = { name: 'fixture', type: 'module', devDependencies: { vitest: '*' } };
  const all = { 'package.json': JSON.stringify(packageJson), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawnSync(node, [join(repo, 'infra/lint/unused-code.ts'), dir], {
    encoding: 'utf8',
  });
  return { passed: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

const greetings = `export const greet = () => 'hello';
export const farewell = () => 'goodbye';
`;
const mainUsing = (...names: string[]) =>
  `import { ${names.join(', ')} } from './greetings.ts';\nconsole.log(${names.map((n) => `${n}()`).join(', ')});\n`;

describe('the unused-code lint step', () => {
  it('fails on an export nothing imports, naming it and its file', () => {
    const { passed, output } = lintProject({
      'api/src/main.ts': mainUsing('greet'),
      'api/src/greetings.ts': greetings,
    });
    expect(passed).toBe(false);
    expect(output).toMatch(/Unused exports[\s\S]*farewell\s.*api\/src\/greetings\.ts/);
  });

  it('passes once the service uses it', () => {
    const { passed, output } = lintProject({
      'api/src/main.ts': mainUsing('greet', 'farewell'),
      'api/src/greetings.ts': greetings,
      'api/src/greetings.test.ts': [
        "import { expect, it } from 'vitest';",
        "import { greet } from './greetings.ts';",
        "it('greets', () => expect(greet()).toBe('hello'));",
      ].join('\n'),
    });
    expect(output).not.toMatch(/Unused/);
    expect(passed).toBe(true);
  });

  it('fails on code in src/ that only a test uses: an export, and a whole file', () => {
    const { passed, output } = lintProject({
      'api/src/main.ts': mainUsing('greet'),
      'api/src/greetings.ts': greetings,
      'api/src/greetings.test.ts': [
        "import { expect, it } from 'vitest';",
        "import { farewell } from './greetings.ts';",
        "import { toast } from './toast.ts';",
        "it('says goodbye', () => expect(`${farewell()}, ${toast}`).toBe('goodbye, cheers'));",
      ].join('\n'),
      'api/src/toast.ts': `export const toast = 'cheers';\n`,
    });
    expect(passed).toBe(false);
    expect(output).toMatch(/Unused files[\s\S]*api\/src\/toast\.ts/);
    expect(output).toMatch(/Unused exports[\s\S]*farewell\s.*api\/src\/greetings\.ts/);
    expect(output).toMatch(/knip --production/);
  });
});
