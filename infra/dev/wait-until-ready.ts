/**
 * Polls a readiness URL until it answers 2xx. Rejects at once if `exited` settles first (the
 * service died: no point waiting), or after `timeoutMs`, a ceiling for a service that hangs,
 * not a speed check: on two busy cores a start-up can take many times its usual seconds.
 */
export async function waitUntilReady(
  url: string,
  timeoutMs: number,
  exited?: Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  let died: string | undefined;
  void exited?.then((info) => (died = `the process exited: ${JSON.stringify(info)}`));
  while (Date.now() < deadline && died === undefined) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      lastProblem = `HTTP ${res.status}`;
    } catch (error) {
      lastProblem = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready ${died ?? `after ${timeoutMs} ms`} (${lastProblem})`);
}
