import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { widgetEventNames } from '../../protocol/widget-event-names.ts';

// The page's developer learns the events from the README's table: every event of the
// contract has its row, and the table lists none the contract lacks.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rows = [...readme.matchAll(/^\| `([a-z_]+)` +\|/gm)].map((match) => match[1]);

describe('the embed README', () => {
  it('documents every event of the contract, and no other', () => {
    expect(rows.toSorted()).toEqual([...widgetEventNames].sort());
  });
});
