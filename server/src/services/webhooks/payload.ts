import type { WebhookFormat } from '@formloom/schemas';
import type { EventEnvelope } from './envelope.ts';

/** What a subscription row holds that decides its body. */
export interface PayloadSettings {
  id: string;
  format: WebhookFormat;
  template: string | null;
  templateVersion: number;
  contentType: string;
}

export interface RenderedBody {
  body: string;
  contentType: string;
}

/**
 * The body a subscription sends for an event: the canonical envelope, a user's Handlebars template
 * (templates.ts: sandboxed, compiled once per subscription version) or Zapier's flat item (zapier.ts).
 * Throws TemplateError when a template fails on this event (the delivery records it as its error).
 */
export async function renderWebhookBody(settings: PayloadSettings, envelope: EventEnvelope): Promise<RenderedBody> {
  switch (settings.format) {
    case 'canonical':
      return { body: JSON.stringify(envelope), contentType: 'application/json' };
    case 'template': {
      const { renderTemplate } = await import('./templates.ts');
      return renderTemplate(settings, envelope);
    }
    case 'zapier': {
      const { zapierItem } = await import('../zapier/items.ts');
      return { body: JSON.stringify(zapierItem(envelope)), contentType: 'application/json' };
    }
  }
}
