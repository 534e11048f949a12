import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../errors.ts';
import { classifyDatabaseError, isConnectionLoss } from './pg-connection-loss.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionLoss', () => {
  it.each([
    ['nobody listening', withCode('ECONNREFUSED')],
    ['the peer gone', withCode('ECONNRESET')],
    ['a name that does not resolve', withCode('ENOTFOUND')],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED')], 'connect')],
    [
      'an immediate shutdown',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['a crashed server', withCode('57P02')],
    ['a server still starting', withCode('57P03', 'the database system is starting up')],
    ['no connections left', withCode('53300')],
    ['a connection failure', withCode('08006')],
    ['a cut connection', new Error('Connection terminated unexpectedly')],
    ['a pool that waited too long', new Error('timeout exceeded when trying to connect')],
    [
      'a client already broken',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
  ])('counts %s', (_what, error) => {
    expect(isConnectionLoss(error)).toBe(true);
  });

  it.each([
    ['a missing table', withCode('42P01')],
    ['a unique violation', withCode('23505')],
    ['a protocol violation (a bug, not an outage)', withCode('08P01')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
  ])('does not count %s', (_what, error) => {
    expect(isConnectionLoss(error)).toBe(false);
  });
});

describe('classifyDatabaseError', () => {
  it('turns a lost connection into a 503 with Retry-After, keeping the cause', () => {
    const cause = withCode('ECONNREFUSED');
    const error = classifyDatabaseError(cause);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({
      code: 'database_unavailable',
      status: 503,
      headers: { 'Retry-After': '5' },
      cause,
    });
    const other = withCode('23505');
    expect(classifyDatabaseError(other)).toBe(other);
  });
});
