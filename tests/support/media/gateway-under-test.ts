import type { Stack } from '../../../infra/dev/stack.ts';
import type { TrackedProcess } from '../../../infra/rig/processes.ts';
import type { Rig } from '../rig/use-rig.ts';

/** The stack's gateway as a test drives it from outside: its process and its HTTP routes. */
export function gatewayUnderTest(rig: Rig, stack: Stack) {
  const base = stack.gatewayUrl.replace(/^ws/, 'http');
  const process = (): TrackedProcess => {
    const media = rig.processes.list().find((p) => p.name === 'media');
    if (!media) throw new Error('the stack started no gateway');
    return media;
  };
  return {
    process,
    /** The gateway's readiness: HTTP status and body. */
    async readiness(): Promise<{ status: number; body: unknown }> {
      const res = await fetch(new URL('/readyz', base), { signal: AbortSignal.timeout(5000) });
      return { status: res.status, body: await res.json() };
    },
    /**
     * A connection test request as the widget sends it (the token is not looked at before
     * the gateway decides whether it takes tests at all).
     */
    requestConnectionTest: () =>
      fetch(new URL('/v1/connection-tests', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not-looked-at' },
        body: JSON.stringify({ sdp: 'v=0' }),
        signal: AbortSignal.timeout(5000),
      }),
    /** SIGTERM to the gateway's own process only, as tini or Kubernetes send it. */
    terminate: () => globalThis.process.kill(process().pid, 'SIGTERM'),
  };
}
