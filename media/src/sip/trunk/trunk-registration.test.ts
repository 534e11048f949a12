import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrunkRegistration } from './trunk-registration.ts';
import type { RegisterOutcome } from './trunk-registration.ts';

/** A registrar scripted answer by answer; records what each REGISTER asked for. */
function scriptedRegistrar(answers: RegisterOutcome[]) {
  const asked: { atMs: number; expiresS: number }[] = [];
  const start = Date.now();
  const send = (expiresS: number) => {
    asked.push({ atMs: Date.now() - start, expiresS });
    const answer: RegisterOutcome = answers.shift() ?? { kind: 'failed', detail: 'script ran out' };
    return Promise.resolve(answer);
  };
  return { send, asked };
}

function logRecorder() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (_details: object, message?: string) =>
    lines.push({ level, message: message ?? '' });
  return {
    lines,
    logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') },
  };
}

const accepted = (grantedS: number): RegisterOutcome => ({ kind: 'accepted', grantedS });
const wrongPassword: RegisterOutcome = {
  kind: 'refused',
  refusal: { sipStatus: 401, cause: 'credentials_refused', realm: 'pbx', username: 'gw' },
};
const noAnswer: RegisterOutcome = { kind: 'failed', detail: 'no answer' };

describe('TrunkRegistration', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const start = (answers: RegisterOutcome[], expiresS = 600) => {
    const registrar = scriptedRegistrar(answers);
    const log = logRecorder();
    const registration = new TrunkRegistration({
      send: registrar.send,
      expiresS,
      retryFirstMs: 5_000,
      retryMaxMs: 300_000,
      logger: log.logger,
    });
    registration.start();
    return { registration, registrar, log };
  };

  it('registers, then refreshes at half the time the registrar granted (not the time asked)', async () => {
    const { registration, registrar } = start([accepted(120), accepted(120), accepted(120)]);
    expect(registration.state).toBe('registering');
    await vi.advanceTimersByTimeAsync(0);
    expect(registration.state).toBe('registered');
    await vi.advanceTimersByTimeAsync(59_999);
    expect(registrar.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(registrar.asked).toEqual([
      { atMs: 0, expiresS: 600 },
      { atMs: 60_000, expiresS: 600 },
      { atMs: 120_000, expiresS: 600 },
    ]);
    expect(registration.registered).toBe(true);
  });

  it("a 423 is answered at once with the registrar's Min-Expires, kept for the refreshes", async () => {
    const { registration, registrar } = start(
      [{ kind: 'too_brief', minExpiresS: 60 }, accepted(60), accepted(60)],
      30,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(registration.state).toBe('registered');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(registrar.asked.map((a) => a.expiresS)).toEqual([30, 60, 60]);
  });

  it('a 423 without a longer Min-Expires is a failure, not a loop', async () => {
    const { registration, registrar } = start([{ kind: 'too_brief', minExpiresS: 30 }], 30);
    await vi.advanceTimersByTimeAsync(0);
    expect(registration.state).toBe('failed');
    expect(registrar.asked).toHaveLength(1);
  });

  it('a refused registration warns the administrator once, is not registered, and retries with backoff', async () => {
    const { registration, registrar, log } = start([
      wrongPassword,
      wrongPassword,
      wrongPassword,
      accepted(600),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(registration.state).toBe('refused');
    expect(registration.registered).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000 + 10_000 + 20_000);
    expect(registrar.asked.map((a) => a.atMs)).toEqual([0, 5_000, 15_000, 35_000]);
    expect(registration.state).toBe('registered');
    const warnings = log.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(
      /refused the gateway's registration \(401\): check the username and password of the "default" entry in MEDIA_TRUNK_CREDENTIALS_FILE/,
    );
  });

  it('a refresh that fails keeps the binding till it ends, retrying; unanswered past its end it is failed', async () => {
    const { registration, registrar } = start([accepted(20), noAnswer, noAnswer, noAnswer]);
    await vi.advanceTimersByTimeAsync(10_000); // the refresh, unanswered
    expect(registration.state).toBe('registered');
    await vi.advanceTimersByTimeAsync(5_000); // the retry, unanswered: 5 s of binding left
    expect(registration.state).toBe('registered');
    await vi.advanceTimersByTimeAsync(5_000); // the binding's end: the retry comes no later
    expect(registrar.asked.map((a) => a.atMs)).toEqual([0, 10_000, 15_000, 20_000]);
    expect(registration.state).toBe('failed');
    expect(registration.registered).toBe(false);
  });

  it('backoff doubles up to its cap', async () => {
    const { registrar } = start(Array.from({ length: 12 }, () => noAnswer));
    await vi.advanceTimersByTimeAsync(5_000 * (1 + 2 + 4 + 8 + 16 + 32) + 300_000 * 2);
    const gaps = registrar.asked.slice(1).map((a, i) => a.atMs - registrar.asked[i]!.atMs);
    expect(gaps).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('stop() removes the binding with Expires 0 and sends nothing more', async () => {
    const { registration, registrar } = start([accepted(600), accepted(0)]);
    await vi.advanceTimersByTimeAsync(0);
    await registration.stop();
    expect(registration.state).toBe('unregistered');
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(registrar.asked.map((a) => a.expiresS)).toEqual([600, 0]);
  });

  it('stop() while never registered sends no REGISTER', async () => {
    const { registration, registrar } = start([wrongPassword]);
    await vi.advanceTimersByTimeAsync(0);
    await registration.stop();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(registrar.asked).toHaveLength(1);
  });
});
