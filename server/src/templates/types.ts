import type { FlowDefinition, Localized, ScheduleBody } from '@formloom/schemas';

/** One form of a template app: a complete form document, ready to become a draft. */
export interface TemplateForm {
  /** Stable within the template; relation fields name their target form by this key. */
  key: string;
  name: Localized;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  /** The approval flow the form is installed (and published) with, if any. */
  workflow?: FlowDefinition;
  /** A recurring collection the form suggests; installed turned off, for an admin to pick the audience. */
  schedule?: ScheduleBody;
}

/** A bundled starting point: installing it creates an app holding these forms. */
export interface Template {
  id: string;
  name: Localized;
  description: Localized;
  app: { name: Localized; description: Localized };
  forms: TemplateForm[];
}
