import type { EventEnvelope } from './envelope.ts';
import type { PayloadSettings, RenderedBody } from './payload.ts';

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * PLACEHOLDER (the webhooks-API helper fills it in): Handlebars with prototype access off,
 * knownHelpersOnly and our helpers only, JSON-safe escaping for JSON bodies, compiled once per
 * (subscription id, template version).
 */
export async function renderTemplate(settings: PayloadSettings, _envelope: EventEnvelope): Promise<RenderedBody> {
  throw new TemplateError(`Templates are not available yet (subscription ${settings.id}).`);
}
