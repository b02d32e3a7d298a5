import { z } from 'zod';
import { Id, JsonObject, Timestamp } from './common.ts';
import { FlowDefinition } from './workflow.ts';

export const FormStatus = z.enum(['draft', 'published']);

export const FormVersion = z
  .object({
    formId: Id,
    version: z.number().int().positive(),
    name: z.string(),
    schema: JsonObject,
    uiSchema: JsonObject,
    /** The approval flow submissions of this version follow; null when the form has none. */
    workflow: FlowDefinition.nullable(),
    publishedAt: Timestamp,
    publishedBy: Id.nullable(),
  })
  .meta({ id: 'FormVersion' });
export type FormVersion = z.infer<typeof FormVersion>;

export const Form = z
  .object({
    id: Id,
    appId: Id,
    name: z.string(),
    status: FormStatus,
    revision: z.number().int().describe('Draft revision; sent as the ETag and checked against If-Match'),
    draft: z.object({ schema: JsonObject, uiSchema: JsonObject, workflow: FlowDefinition.nullable() }),
    latestVersion: z.number().int().nullable(),
    published: FormVersion.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Form' });
export type Form = z.infer<typeof Form>;

/**
 * `schema` and `uiSchema` are checked by the server's schema rules (422 invalid_schema with a
 * reason), not by the request shape, so "not an object" gets the same clear answer as any other
 * unusable schema.
 */
const UserSchema = z.unknown().describe('A JSON Schema (draft-07 or 2020-12) whose root is {"type": "object"}');
const UserUiSchema = z.unknown().describe('An rjsf uiSchema object');
/** Checked by the flow rules (422 invalid_workflow with the path of the problem); null removes the flow. */
const UserWorkflow = z.unknown().describe('A FlowDefinition (docs/WORKFLOWS.md), or null for no approval flow');

export const CreateFormBody = z.object({
  name: z.string().trim().min(1).max(200),
  schema: UserSchema,
  uiSchema: UserUiSchema.optional(),
  workflow: UserWorkflow.optional(),
});
export const UpdateFormBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  schema: UserSchema.optional(),
  uiSchema: UserUiSchema.optional(),
  workflow: UserWorkflow.optional(),
});
export const PublishResult = z.object({ version: z.number().int().positive(), form: Form });
