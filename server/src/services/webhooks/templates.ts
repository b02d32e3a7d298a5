import Handlebars from 'handlebars';
import type { EventEnvelope } from './envelope.ts';
import type { PayloadSettings, RenderedBody } from './payload.ts';
import { templateHelpers, toText } from './templateHelpers.ts';

/**
 * Webhook templates: Handlebars as a sandbox for untrusted text. Its own instance (nothing global
 * registered), only our helpers (knownHelpersOnly; `log` removed), no partials or decorators, prototype
 * access off, and a context that is a null-prototype JSON copy of the envelope, so no path reaches a
 * constructor or a function. Every `{{x}}` goes through an output helper chosen by the body's content
 * type (JSON string escaping, URL encoding or none), wired in by rewriting the parsed template.
 */

export class TemplateError extends Error {
  constructor(
    message: string,
    /** 1-based line of a parse error, when Handlebars knows it. */
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export type TemplateContentType = 'application/json' | 'text/plain' | 'application/x-www-form-urlencoded';

export const MAX_TEMPLATE_CHARS = 20_000;
export const MAX_OUTPUT_BYTES = 512 * 1024;
/** Loop iterations and values written per render: nested `each` over a big list must not hold the server. */
export const MAX_RENDER_STEPS = 100_000;
const CACHE_ENTRIES = 500;

const hb = Handlebars.create();
const builtinEach = hb.helpers.each!;
hb.unregisterHelper('log');
const helpers = templateHelpers((text) => new hb.SafeString(text));

/** How each content type writes a value; a SafeString (from `json`) is already what JSON needs. */
const OUTPUT: Record<TemplateContentType, (value: unknown) => string> = {
  'application/json': (value) => (value instanceof hb.SafeString ? value.toString() : JSON.stringify(toText(value)).slice(1, -1)),
  'text/plain': (value) => toText(value instanceof hb.SafeString ? value.toString() : value),
  'application/x-www-form-urlencoded': (value) => encodeURIComponent(toText(value instanceof hb.SafeString ? value.toString() : value)),
};
const OUTPUT_HELPER = 'formloomOutput';

const KNOWN_HELPERS = Object.fromEntries([...Object.keys(helpers), OUTPUT_HELPER].map((name) => [name, true]));
const COMPILE_OPTIONS = { knownHelpersOnly: true, knownHelpers: { ...KNOWN_HELPERS, log: false }, strict: false, noEscape: true };

function contentTypeOf(raw: string): TemplateContentType {
  return raw in OUTPUT ? (raw as TemplateContentType) : 'application/json';
}

type Node = hbs.AST.Node & Record<string, unknown>;

/**
 * Walks the parsed template: refuses partials and decorators, refuses `{{{raw}}}` where escaping
 * matters, and turns every `{{expr}}` into `{{formloomOutput expr}}` (compiled with noEscape, so
 * this helper is the only escaping there is). The AST comes from Handlebars' own parser.
 */
function rewrite(node: Node | undefined | null, contentType: TemplateContentType): void {
  if (!node) return;
  const at = (n: Node) => (n.loc ? ` (line ${n.loc.start.line})` : '');
  switch (node.type) {
    case 'Program':
      for (const child of node.body as Node[]) rewrite(child, contentType);
      return;
    case 'BlockStatement':
      rewrite(node.program as Node, contentType);
      rewrite(node.inverse as Node, contentType);
      return;
    case 'PartialStatement':
    case 'PartialBlockStatement':
      throw new TemplateError(`Partials ({{> name}}) are not available in webhook templates${at(node)}.`, node.loc?.start.line ?? null);
    case 'Decorator':
    case 'DecoratorBlock':
      throw new TemplateError(`Decorators ({{* name}}) are not available in webhook templates${at(node)}.`, node.loc?.start.line ?? null);
    case 'MustacheStatement': {
      if (node.escaped === false && contentType !== 'text/plain')
        throw new TemplateError(
          `{{{ }}} writes a value unescaped, which could break the ${contentType === 'application/json' ? 'JSON' : 'form'} body${at(node)}; ` +
            'use {{value}} inside quotes, or {{json value}} for numbers, booleans, lists and objects.',
          node.loc?.start.line ?? null,
        );
      const params = node.params as Node[];
      const hash = node.hash as Node | undefined;
      const inner = params.length || hash ? { type: 'SubExpression', path: node.path, params, hash, loc: node.loc } : node.path;
      node.path = { type: 'PathExpression', data: false, depth: 0, parts: [OUTPUT_HELPER], original: OUTPUT_HELPER, loc: node.loc };
      node.params = [inner];
      node.hash = undefined;
      node.escaped = true;
      return;
    }
    default:
      return;
  }
}

/**
 * `{"qty": {{qty}}}` is the natural way to end a JSON template, but Handlebars reads `}}}` as the end
 * of a `{{{raw}}}`. A `{{x}}` followed by `}` becomes `{{x}}{{"}"}}`: the same text, read as meant.
 */
const DOUBLE_BEFORE_BRACE = /(?<![{\\])(\{\{(?!\{)[^{}]*\}\})\}/g;
function closeBraces(source: string, contentType: TemplateContentType): string {
  return contentType === 'application/x-www-form-urlencoded' ? source : source.replace(DOUBLE_BEFORE_BRACE, '$1{{"}"}}');
}

function parse(source: string, contentType: TemplateContentType): hbs.AST.Program {
  if (source.length > MAX_TEMPLATE_CHARS) throw new TemplateError(`A template may be at most ${MAX_TEMPLATE_CHARS} characters long.`);
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(closeBraces(source, contentType));
  } catch (err) {
    throw asTemplateError(err);
  }
  rewrite(ast as unknown as Node, contentType);
  return ast;
}

function asTemplateError(err: unknown): TemplateError {
  if (err instanceof TemplateError) return err;
  const e = err as Error & { lineNumber?: number };
  const line = e.lineNumber ?? Number(/line (\d+)/.exec(e.message)?.[1] ?? NaN);
  const message = e.message.replace(/\s+/g, ' ').trim();
  return new TemplateError(`The template cannot be read: ${message}`, Number.isFinite(line) ? line : null);
}

type Compiled = (context: unknown) => string;

function compile(source: string, contentType: TemplateContentType): Compiled {
  // precompile does the whole compilation now (compile would defer it to the first render), so
  // unknown helpers are reported when the template is saved.
  try {
    hb.precompile(parse(source, contentType), COMPILE_OPTIONS);
  } catch (err) {
    throw asTemplateError(err);
  }
  const template = hb.compile(parse(source, contentType), COMPILE_OPTIONS);
  const output = OUTPUT[contentType];
  // Renders are synchronous, so one counter per render is safe to keep here.
  let steps = 0;
  let written = 0;
  const step = () => {
    if (++steps > MAX_RENDER_STEPS)
      throw new TemplateError(`The template does too much work (more than ${MAX_RENDER_STEPS} loop steps and values).`);
  };
  const runtimeHelpers = {
    ...helpers,
    [OUTPUT_HELPER]: (value: unknown) => {
      step();
      const text = output(value);
      written += text.length;
      if (written > MAX_OUTPUT_BYTES) throw tooBig();
      return text;
    },
    each(this: unknown, list: unknown, options: Handlebars.HelperOptions) {
      const counted = (fn: Handlebars.TemplateDelegate) => (ctx: unknown, opts?: Handlebars.RuntimeOptions) => (step(), fn(ctx, opts));
      return builtinEach.call(this, list, { ...options, fn: counted(options.fn), inverse: counted(options.inverse) });
    },
  };
  return (context) => {
    steps = 0;
    written = 0;
    return template(context, {
      helpers: runtimeHelpers,
      partials: {},
      decorators: {},
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
      allowCallsToHelperMissing: false,
    });
  };
}

const tooBig = () =>
  new TemplateError(`The template produced more than ${MAX_OUTPUT_BYTES / 1024} KB; webhook bodies must stay under that.`);

/** Throws TemplateError (with the line) when the template cannot be used; nothing is rendered. */
export function checkTemplate(source: string, contentType: string): void {
  compile(source, contentTypeOf(contentType));
}

/** A null-prototype deep copy of plain JSON: no constructor, no prototype, nothing callable. */
export function templateContext(value: unknown): unknown {
  const plain = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, child] of Object.entries(v)) out[k] = strip(child);
      return out;
    }
    return v;
  };
  return strip(plain);
}

function run(compiled: Compiled, contentType: TemplateContentType, envelope: EventEnvelope): RenderedBody {
  let body: string;
  try {
    body = compiled(templateContext(envelope));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(`The template failed on this event: ${(err as Error).message}`);
  }
  // Literal text between values counts too: the helper saw only the values.
  if (Buffer.byteLength(body) > MAX_OUTPUT_BYTES) throw tooBig();
  if (contentType === 'application/json') {
    try {
      JSON.parse(body);
    } catch (err) {
      throw new TemplateError(
        `The template did not produce valid JSON for this event (${(err as Error).message}); ` +
          'put {{value}} inside quotes, or use {{json value}} for numbers, booleans, lists and objects.',
      );
    }
  }
  return { body, contentType };
}

/** Compiled templates by (subscription, template version): a new version is a new key. */
const cache = new Map<string, Compiled>();

function cached(key: string, make: () => Compiled): Compiled {
  const hit = cache.get(key);
  if (hit) {
    // Re-inserting keeps the Map in least-recently-used order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = make();
  cache.set(key, made);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return made;
}

/** The body of a `template` subscription for an event; compiled once per (subscription, version). */
export async function renderTemplate(settings: PayloadSettings, envelope: EventEnvelope): Promise<RenderedBody> {
  if (settings.template === null) throw new TemplateError(`Subscription ${settings.id} has no template.`);
  const contentType = contentTypeOf(settings.contentType);
  const source = settings.template;
  const compiled = cached(`${settings.id}:${settings.templateVersion}:${contentType}`, () => compile(source, contentType));
  return run(compiled, contentType, envelope);
}

/** A template not saved yet (the preview): compiled for this one render. */
export function renderTemplateSource(source: string, contentType: string, envelope: EventEnvelope): RenderedBody {
  const type = contentTypeOf(contentType);
  return run(compile(source, type), type, envelope);
}

/** For tests: how many compiled templates are kept. */
export function compiledTemplateCount(): number {
  return cache.size;
}
