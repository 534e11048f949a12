import fc from 'fast-check';
import { fromIp, origin, serviceToken, startTestApi } from '../../support/api/test-api.ts';
import { answeredCall, startSession, visitorIp } from '../../support/api/visitor.ts';
import { junkText } from '../arbitraries/junk.ts';
import { junkJson, schemaArbitrary } from '../arbitraries/json-schema.ts';
import { check, within, type FuzzSession, type FuzzTarget } from '../fuzz-target.ts';

/** One operation of the OpenAPI document, as the fuzzer calls it. */
interface Operation {
  method: string;
  /** `/v1/calls/{callId}/rating` */
  path: string;
  pathParameters: string[];
  body: Record<string, unknown> | undefined;
}

interface ApiRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  clientIp: string;
}

type OpenApiDocument = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
      }
    >
  >;
  components: { schemas: Record<string, Record<string, unknown>> };
};

/** A request takes milliseconds; this is a ceiling for a hang (a database call that never ends). */
const responseBoundMs = 10_000;

/** What a header value may hold (the Fetch API refuses anything else before the app sees it). */
const headerSafe = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
/** The text with each lone surrogate as U+FFFD (encodeURIComponent refuses them). */
const wellFormed = (text: string) => text.replace(/\p{Cs}/gu, '\ufffd');
const httpToken = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      pathParameters: (operation.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name),
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/**
 * Every route of the API's OpenAPI document through `app.request()` (the real app on an
 * embedded database, as route tests run it), with valid, mutated and junk bodies, path
 * parameters, methods and headers, valid credentials or not, from many client addresses.
 * Never a 5xx; every 4xx under /v1/ carries a JSON body with a `code` and a `message`.
 */
export const apiRoutesTarget: FuzzTarget = {
  name: 'api-routes',
  async start(): Promise<FuzzSession> {
    const api = await startTestApi();
    const session = await startSession(api);
    const callId = await answeredCall(api, session);
    const doc = (await (await api.app.request('/openapi.json')).json()) as OpenApiDocument;
    const operations = operationsOf(doc);
    const components = doc.components.schemas;
    const acme = api.sites.get('acme');
    // Solved captchas, each good for one session.
    const captchas = Array.from({ length: 200 }, (_, n) => `fuzz-solved-${n}`);
    for (const captcha of captchas) api.siteverify.pass(captcha);
    const hints: Record<string, fc.Arbitrary<unknown>> = {
      siteId: fc.constant('acme'),
      captchaResponse: fc.constantFrom(...captchas),
      intent: fc.constantFrom(...(acme?.intents.map((intent) => intent.id) ?? ['support'])),
      language: fc.constantFrom(...(acme?.languages ?? ['en'])),
      country: fc.constantFrom(...(acme?.countries ?? ['US'])),
      callId: fc.constant(callId),
    };
    let inputs = 0;

    const pathValue = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(callId, 'acme', 'media-1') },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: junkText.map((text) => encodeURIComponent(wellFormed(text))) },
    );
    const body = (operation: Operation): fc.Arbitrary<string | undefined> => {
      const schema = operation.body;
      const json = schema
        ? fc.oneof(
            { weight: 4, arbitrary: schemaArbitrary(schema, { components, noise: false, hints }) },
            { weight: 4, arbitrary: schemaArbitrary(schema, { components, noise: true, hints }) },
            { weight: 1, arbitrary: junkJson },
          )
        : junkJson;
      return fc.oneof(
        { weight: 8, arbitrary: json.map((value) => JSON.stringify(value)) },
        { weight: 1, arbitrary: junkText },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
    };
    /** Mostly the value the route wants, else another good one, junk, or none. */
    const headerValue = (right: string, ...others: string[]) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.constant(right) },
        { weight: 1, arbitrary: fc.constantFrom(right, ...others) },
        { weight: 1, arbitrary: junkText.map(headerSafe) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
    const credentials = (path: string) => {
      const [right, other] = path.startsWith('/v1/internal/')
        ? [serviceToken, session]
        : [session, serviceToken];
      return headerValue(`Bearer ${right}`, `Bearer ${other}`, 'Bearer x', 'Basic dXNlcjpwYXNz');
    };
    const headers = (path: string) =>
      fc
        .record({
          authorization: credentials(path),
          'content-type': headerValue(
            'application/json',
            'application/json; charset=utf-8',
            'text/plain',
          ),
          origin: headerValue(origin, 'https://evil.example', 'null'),
          'idempotency-key': fc.oneof(fc.uuid(), headerValue('fuzz-key-0001', 'x'.repeat(129))),
          'if-none-match': fc.option(headerValue('"abc"', '*'), { nil: undefined }),
          'x-forwarded-for': fc.option(headerValue('203.0.113.9', '::1, 10.0.0.1'), {
            nil: undefined,
          }),
        })
        .map(
          (all) =>
            Object.fromEntries(
              Object.entries(all).filter(([, value]) => value !== undefined),
            ) as Record<string, string>,
        );
    /** The session is bound to the address it was made from: mostly that one. */
    const clientIp = fc.oneof(
      { weight: 6, arbitrary: fc.constant(visitorIp) },
      { weight: 1, arbitrary: fc.ipV4() },
      { weight: 1, arbitrary: fc.ipV6() },
    );

    // One arbitrary per operation, built once (its schema's arbitraries are costly to build).
    const known: fc.Arbitrary<ApiRequest> = fc.oneof(
      ...operations.map((operation) =>
        fc.record({
          method: fc.oneof(
            { weight: 8, arbitrary: fc.constant(operation.method) },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                'GET',
                'POST',
                'PUT',
                'PATCH',
                'DELETE',
                'OPTIONS',
                'HEAD',
              ),
            },
            { weight: 1, arbitrary: junkText.filter((m) => httpToken.test(m)) },
          ),
          path: fc
            .tuple(
              ...operation.pathParameters.map(() => pathValue),
              fc.oneof(
                { weight: 12, arbitrary: fc.constant('') },
                { weight: 1, arbitrary: fc.constantFrom('?a=1', '?%zz', '/extra', '/') },
              ),
            )
            .map((values) => {
              let path = operation.path;
              operation.pathParameters.forEach(
                (name, index) => (path = path.replace(`{${name}}`, String(values[index]))),
              );
              return `${path}${String(values.at(-1))}`;
            }),
          headers: headers(operation.path),
          body: body(operation),
          clientIp,
        }),
      ),
    );
    const elsewhere: fc.Arbitrary<ApiRequest> = fc.record({
      method: fc.constantFrom('GET', 'POST', 'DELETE'),
      path: fc.oneof(
        fc.constantFrom(
          '/healthz',
          '/readyz',
          '/metrics',
          '/openapi.json',
          '/v1/',
          '/v1/internal/',
          '/supervisor/',
          '/supervisor/login',
        ),
        junkText.map((text) => `/v1/${encodeURIComponent(wellFormed(text))}`),
      ),
      headers: headers('/'),
      body: fc.option(junkText, { nil: undefined }),
      clientIp: fc.ipV4(),
    });

    const exchange = async (request: ApiRequest) => {
      inputs += 1;
      // Methods are matched without case (fetch normalises "Get" to GET, which takes no body).
      const method = request.method.toUpperCase();
      const sendsBody = request.body !== undefined && !['GET', 'HEAD'].includes(method);
      const res = await within(
        Promise.resolve(
          api.app.request(
            request.path,
            {
              method: request.method,
              headers: request.headers,
              ...(sendsBody ? { body: request.body } : {}),
            },
            fromIp(request.clientIp),
          ),
        ),
        responseBoundMs,
        `${request.method} ${request.path}`,
      );
      const text = await res.text();
      check(
        res.status < 500,
        () => `${request.method} ${request.path} answered ${res.status}: ${text.slice(0, 300)}`,
      );
      if (res.status < 400 || method === 'HEAD' || !request.path.startsWith('/v1/')) return;
      let error: { code?: unknown; message?: unknown } | undefined;
      try {
        error = JSON.parse(text) as typeof error;
      } catch {
        error = undefined;
      }
      check(
        /^application\/json/.test(res.headers.get('content-type') ?? '') &&
          typeof error?.code === 'string' &&
          typeof error.message === 'string',
        () =>
          `${request.method} ${request.path} answered ${res.status} without a JSON {code, message}: ${text.slice(0, 300)}`,
      );
    };

    return {
      property: fc.asyncProperty(
        fc.oneof({ weight: 9, arbitrary: known }, { weight: 1, arbitrary: elsewhere }),
        exchange,
      ),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        const config = await api.app.request('/v1/sites/acme/config', { headers: { origin } });
        check(
          config.status === 200,
          () => `the site's config answered ${config.status} after the runs`,
        );
        // The runs spent the site's session rate, as an attack would: it serves again once
        // the rate's minute has passed, as it must (the limit must not outlast the attack).
        api.clock.now = new Date(api.clock.now.getTime() + 2 * 60_000);
        await startSession(api, '192.0.2.77');
      },
      close: () => api.close(),
    };
  },
};
