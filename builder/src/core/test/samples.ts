/**
 * Sample data for import/export tests (not used by the app): for a schema, objects that are mostly
 * valid (every value the "good" one) through mostly invalid (values drawn from a pool of wrong
 * types, boundaries and absences), so two schemas can be compared on what they accept.
 */
type JsonObject = Record<string, any>;

const STRINGS = [
  '',
  'x',
  'hello',
  '12345',
  '1234567812345678',
  'TEA-0042',
  '9123 4567',
  '+852 9123 4567',
  'A123456(7)',
  '09:30',
  '25:00',
  '2026-01-02',
  '2026-13-02',
  '2026-01-02T09:30:00Z',
  'a@b.hk',
  'not an email',
  'other',
  'none',
  'zzz',
];
const NUMBERS = [-1, 0, 0.5, 1, 2, 3, 5, 19.99, 34, 36.5, 37.125, 43.5, 100, 367, 1e6];
const WRONG = [null, true, 'x', 7, [], {}, ['x'], [1, 1]];

export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolve(schema: unknown, root: JsonObject): unknown {
  let current = schema;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 10; hops++) {
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
  }
  return current;
}

function goodString(schema: JsonObject): string {
  if (schema.format === 'date') return '2026-01-02';
  if (schema.format === 'date-time') return '2026-01-02T09:30:00Z';
  if (schema.format === 'email') return 'a@b.hk';
  if (typeof schema.pattern === 'string') {
    const re = new RegExp(schema.pattern, 'u');
    return STRINGS.find((s) => re.test(s)) ?? 'x';
  }
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

function goodNumber(schema: JsonObject): number {
  let n =
    typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1;
  if (typeof schema.maximum === 'number' && n > schema.maximum) n = schema.maximum;
  if (schema.type === 'integer') n = Math.ceil(n);
  const step = schema.multipleOf;
  if (typeof step === 'number' && Math.abs(n / step - Math.round(n / step)) > 1e-9) n = Math.ceil(n / step) * step;
  return n;
}

export interface SampleOptions {
  /** Chance that a value is replaced by a random one (or left out). */
  chaos: number;
  random: () => number;
  root: JsonObject;
}

export function sample(schemaIn: unknown, o: SampleOptions, depth = 0): unknown {
  const schema = resolve(schemaIn, o.root);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(o.random() * items.length)];
  if (schema === true || schema === undefined) return pick([...STRINGS, ...NUMBERS, ...WRONG]);
  if (!isObject(schema)) return pick(WRONG);
  const chaotic = o.random() < o.chaos;
  if (chaotic) {
    const pool: unknown[] = [...WRONG, pick(STRINGS), pick(NUMBERS)];
    if (Array.isArray(schema.enum)) pool.push(...schema.enum);
    if (Array.isArray(schema.oneOf))
      pool.push(...schema.oneOf.map((b: unknown) => (isObject(b) && 'const' in b ? b.const : sample(b, o, depth + 1))));
    return pick(pool);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return pick(schema.enum);
  if (Array.isArray(schema.oneOf)) return sample(pick(schema.oneOf), o, depth + 1);
  if (Array.isArray(schema.anyOf)) return sample(pick(schema.anyOf), o, depth + 1);
  const type = Array.isArray(schema.type) ? pick(schema.type) : schema.type;
  switch (type) {
    case 'string':
      return o.random() < 0.8 ? goodString(schema) : pick(STRINGS);
    case 'number':
    case 'integer':
      return o.random() < 0.8 ? goodNumber(schema) : pick(NUMBERS);
    case 'boolean':
      return pick([true, false]);
    case 'null':
      return null;
    case 'array': {
      if (depth > 6) return [];
      const count = Math.max(schema.minItems ?? 0, o.random() < 0.5 ? 1 : pick([0, 1, 2, 3]));
      const items = Array.from({ length: count }, () => sample(schema.items, o, depth + 1));
      if (schema.uniqueItems) return items.filter((v, i) => items.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i);
      return items;
    }
    case 'object':
    case undefined: {
      if (type === undefined && !isObject(schema.properties)) return pick([...STRINGS, ...NUMBERS]);
      if (depth > 6) return {};
      const out: JsonObject = {};
      for (const [key, value] of Object.entries(schema.properties ?? {})) {
        // A `false` schema forbids the property: mostly leave it out.
        if (o.random() < o.chaos / 2 || (value === false && o.random() < 0.9)) continue;
        out[key] = sample(value, o, depth + 1);
      }
      for (const key of Array.isArray(schema.required) ? schema.required : []) {
        if (!(key in out) && o.random() >= o.chaos) out[key] = pick(STRINGS);
      }
      if (isObject(schema.patternProperties) && o.random() < 0.5) {
        for (const [pattern, value] of Object.entries(schema.patternProperties)) {
          const key = pattern.includes('x-') ? 'x-extra' : 'extra';
          out[key] = sample(value, o, depth + 1);
        }
      }
      if (o.random() < o.chaos / 3) out.unexpected = pick(STRINGS);
      return out;
    }
    default:
      return pick(WRONG);
  }
}

/** `count` samples at each chaos level from none to most. */
export function samplesFor(schema: JsonObject, count: number, seed = 1): unknown[] {
  const random = makeRandom(seed);
  const out: unknown[] = [];
  for (const chaos of [0, 0.05, 0.2, 0.5]) {
    for (let i = 0; i < count; i++) out.push(sample(schema, { chaos, random, root: schema }));
  }
  return out;
}
