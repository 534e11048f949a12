import type { Context } from 'hono';
import type { RequestFacts } from '../api-deps.ts';
import { clientIp } from '../http/client-ip.ts';

export type FactsOf = (c: Context) => RequestFacts;

export const requestFacts =
  (trustProxy: boolean): FactsOf =>
  (c) => ({ ip: clientIp(c, trustProxy), origin: c.req.header('origin') });
