import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document: `valid` values a
 * schema accepts (as far as JSON Schema can say: zod refinements such as "a real time
 * zone" or "ends after it starts" are only partly visible), and `odd` ones: wrong types,
 * out-of-range numbers, every kind of Unicode text (U+0000, lone surrogates, RTL marks),
 * very long strings and deep objects.
 */
type Schema = Record<string, unknown>;

/** Text with everything a browser or script can put in JSON, NUL and lone surrogates included. */
export const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e',
    '../../etc/passwd',
    '%00',
    '%',
    "'; drop table events; --",
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    '𝕏'.repeat(30),
    '1e309',
    'NaN',
    'null',
  ),
  fc.nat({ max: 3000 }).map((n) => 'x'.repeat(n)),
);

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.emailAddress(),
  'date-time': fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  uri: fc.webUrl(),
  'time-zone': fc.constantFrom('UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
};

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
  if (format) return format;
  if (typeof s.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= Number(s.maxLength ?? 5000));
    } catch {
      // a pattern fast-check cannot generate from: fall through to plain text
    }
  }
  const minLength = Number(s.minLength ?? 0);
  const maxLength = Math.max(minLength, Math.min(Number(s.maxLength ?? 60), 300));
  return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
}

/** Values the schema describes. */
export function valid(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  const s = schema as Schema;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.examples) && s.examples.length > 0) {
    const { examples, ...rest } = s;
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(examples as unknown[])) },
      { weight: 1, arbitrary: valid(rest, depth) },
    );
  }
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0)
      return fc.oneof(...options.map((o) => valid(o, depth + 1)));
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return valid(s.allOf[0], depth + 1);
  switch (s.type) {
    case 'string':
      return stringArbitrary(s);
    case 'integer':
    case 'number': {
      const min = Number(
        s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : -1000),
      );
      const max = Number(
        s.maximum ?? (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : 100_000),
      );
      return s.type === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = Number(s.minItems ?? 0);
      const maxLength = Math.max(minLength, Math.min(Number(s.maxItems ?? 5), 8));
      return fc.array(valid(s.items, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const entries = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, depth + 1)]));
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      return fc.record(entries, { requiredKeys });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of the wrong shape somewhere: odd text, another type, a missing or extra field. */
export function odd(schema: unknown): fc.Arbitrary<unknown> {
  const anything = fc.oneof(
    oddText,
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, true, -1, 0, 2 ** 53, -(2 ** 31), 1e308, [], {}),
  );
  const s = (schema ?? {}) as Schema;
  if (s.type !== 'object' || !s.properties) return anything;
  const props = Object.keys(s.properties as Record<string, unknown>);
  if (props.length === 0) return anything;
  // Keep the shape, spoil one field (wrong type, odd text, or gone), or add a stranger.
  return fc.oneof(
    fc
      .tuple(valid(schema) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...props), anything)
      .map(([value, key, spoiled]) => ({ ...value, [key]: spoiled })),
    fc
      .tuple(valid(schema) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...props))
      .map(([value, key]) => {
        const { [key]: _, ...rest } = value;
        return rest;
      }),
    fc
      .tuple(valid(schema) as fc.Arbitrary<Record<string, unknown>>, oddText, anything)
      .map(([value, key, extra]) => ({ ...value, [key]: extra })),
    anything,
  );
}
