import type { Context } from 'hono';
import type { TrustedProxies } from '../../../protocol/client-address/trusted-proxies.ts';
import type { RequestFacts } from '../api-deps.ts';
import { clientIp } from '../http/client-ip.ts';

export type FactsOf = (c: Context) => RequestFacts;

export const requestFacts =
  (proxies: TrustedProxies): FactsOf =>
  (c) => ({ ip: clientIp(c, proxies), origin: c.req.header('origin') });
