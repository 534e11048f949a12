import fc from 'fast-check';
import { junkText } from './junk.ts';

/** A JSON Schema node as an OpenAPI 3.1 document holds it (zod-openapi's output). */
type Schema = { [key: string]: unknown };

export interface SchemaArbitraryOptions {
  /** The document's `components.schemas`, for `$ref`. */
  components: Record<string, Schema>;
  /** Now and then a value anywhere in the tree is junk: valid around one bad field. */
  noise: boolean;
  /**
   * Values the service knows, by property name (a site's id, its intents, a call's id): mixed
   * in, so that valid requests also get past the checks against stored data.
   */
  hints?: Record<string, fc.Arbitrary<unknown>>;
}

/** Values JSON can carry that a schema did not ask for: wrong types, edge numbers, junk text. */
export const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  junkText,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53, 0.5, '', [], {}),
  fc.string({ minLength: 9_000, maxLength: 20_000 }),
);

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null;

/**
 * Values for a schema: mostly valid (so a request gets past validation into the route's own
 * logic), with junk at random places when `noise` is set.
 */
export function schemaArbitrary(
  schema: Schema,
  options: SchemaArbitraryOptions,
): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, options);
  if (!options.noise) return valid;
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: junkJson });
}

function validArbitrary(schema: Schema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = options.components[ref.replace('#/components/schemas/', '')];
    return target ? schemaArbitrary(target, options) : junkJson;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const choices = schema[key];
    if (Array.isArray(choices))
      return fc.oneof(
        ...choices.filter(isSchema).map((choice) => schemaArbitrary(choice, options)),
      );
  }
  if (Array.isArray(schema.allOf))
    return schemaArbitrary(schema.allOf.find(isSchema) ?? {}, options);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.type))
    return fc.oneof(...schema.type.map((type) => validArbitrary({ ...schema, type }, options)));
  switch (schema.type) {
    case 'object':
      return objectArbitrary(schema, options);
    case 'array': {
      const items = isSchema(schema.items) ? schemaArbitrary(schema.items, options) : junkJson;
      const minLength = Number(schema.minItems ?? 0);
      return fc.array(items, {
        minLength,
        maxLength: Math.max(minLength, Math.min(Number(schema.maxItems ?? 4), 4)),
      });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
    case 'number': {
      const min = Number(schema.minimum ?? schema.exclusiveMinimum ?? -1e6);
      const max = Number(schema.maximum ?? schema.exclusiveMaximum ?? 1e6);
      return schema.type === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(schema: Schema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const model = Object.fromEntries(
    Object.entries(properties)
      .filter((entry): entry is [string, Schema] => isSchema(entry[1]))
      .map(([name, property]) => {
        const value = schemaArbitrary(property, options);
        const hint = options.hints?.[name];
        return [
          name,
          hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: value }) : value,
        ];
      }),
  );
  const known = fc.record(model, { requiredKeys: required.filter((name) => name in model) });
  const extra = isSchema(schema.additionalProperties)
    ? fc.dictionary(
        fc.string({ maxLength: 12 }),
        schemaArbitrary(schema.additionalProperties, options),
        { maxKeys: 3 },
      )
    : fc.constant({});
  return fc.tuple(known, extra).map(([fields, more]) => ({ ...more, ...fields }));
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Number(schema.maxLength ?? 64);
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time')
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2040-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri') return fc.webUrl();
  if (typeof schema.pattern === 'string') {
    const pattern = patternOf(schema.pattern);
    try {
      if (pattern) return fc.stringMatching(pattern).filter(fits);
    } catch {
      // A pattern fast-check cannot generate from: any string of the right length.
    }
  }
  return fc.string({ minLength, maxLength: Math.min(maxLength, 200) });
}

/** The pattern as a RegExp fast-check can generate from; undefined when it cannot be read. */
function patternOf(source: string): RegExp | undefined {
  // zod writes a regular expression's flags after a slash: `^\P{Cc}*$/u`.
  const flagged = /^(.*)\/([a-z]+)$/.exec(source);
  try {
    return flagged ? new RegExp(flagged[1] ?? '', flagged[2]) : new RegExp(source);
  } catch {
    return undefined;
  }
}
