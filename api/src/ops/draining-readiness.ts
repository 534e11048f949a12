import type { Health } from '../../../protocol/health.ts';

type Fetch<Env> = (request: Request, env: Env) => Response | Promise<Response>;

export interface DrainingReadiness<Env> {
  /** The app's fetch, with /readyz answering 503 `draining` once the drain started. */
  readonly fetch: Fetch<Env>;
  readonly draining: boolean;
  start(): void;
}

/**
 * The API's drain, readiness first: once started, GET /readyz answers 503 with status
 * `draining` (and the app's own checks) while every other request is served as before, so a
 * load balancer takes the instance out of rotation before it closes (API_DRAIN_DELAY_MS).
 */
export function drainingReadiness<Env>(fetch: Fetch<Env>): DrainingReadiness<Env> {
  let draining = false;
  const wrapped = async (request: Request, env: Env) => {
    const answer = await fetch(request, env);
    if (!draining || new URL(request.url).pathname !== '/readyz') return answer;
    const health = (await answer.json()) as Health;
    return Response.json({ ...health, status: 'draining' } satisfies Health, {
      status: 503,
      headers: { 'cache-control': 'no-store' },
    });
  };
  return {
    fetch: wrapped,
    get draining() {
      return draining;
    },
    start() {
      draining = true;
    },
  };
}
