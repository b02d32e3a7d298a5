import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { SubmissionStatus } from './workflow.ts';

/**
 * Domain events: every state change writes one in the same transaction as the change.
 * Webhooks, approvals, notifications and reports consume this stream; payloads stay small
 * and reference rows by id so consumers read the current state they need.
 */
const base = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({
    id: Id,
    type: z.literal(type),
    appId: Id.nullable(),
    formId: Id.nullable(),
    actorId: Id.nullable(),
    occurredAt: Timestamp,
    payload,
  });

export const DomainEvent = z.discriminatedUnion('type', [
  base('app.created', z.object({ appId: Id, name: z.string() })),
  base('app.grants_changed', z.object({ appId: Id })),
  base('form.created', z.object({ formId: Id, name: z.string() })),
  base('form.updated', z.object({ formId: Id, revision: z.number().int() })),
  base('form.published', z.object({ formId: Id, version: z.number().int() })),
  // importId: the bulk import that wrote the row, when one did.
  base('submission.created', z.object({ submissionId: Id, formVersion: z.number().int(), importId: Id.optional() })),
  base('submission.updated', z.object({ submissionId: Id, formVersion: z.number().int(), revision: z.number().int() })),
  base('submission.deleted', z.object({ submissionId: Id })),
  base(
    'stock.moved',
    z.object({
      submissionId: Id,
      movementType: z.enum(['receive', 'issue', 'transfer', 'count']),
      item: Id,
      quantity: z.number(),
      reference: z.string().nullable(),
      zones: z.array(z.object({ zone: z.string(), delta: z.number(), onHand: z.number() })),
    }),
  ),
  base('submission.status_changed', z.object({ submissionId: Id, from: SubmissionStatus, to: SubmissionStatus })),
  // Approval flows: one event per engine step (docs/WORKFLOWS.md); ids reference approval_tasks rows.
  base(
    'approval.task_created',
    z.object({ submissionId: Id, taskId: Id, nodeId: z.string(), assigneeId: Id, kind: z.enum(['approve', 'cc']) }),
  ),
  base('approval.approved', z.object({ submissionId: Id, taskId: Id, nodeId: z.string(), auto: z.boolean() })),
  base('approval.rejected', z.object({ submissionId: Id, taskId: Id, nodeId: z.string(), auto: z.boolean() })),
  base('approval.returned', z.object({ submissionId: Id, taskId: Id, nodeId: z.string() })),
  base('approval.transferred', z.object({ submissionId: Id, taskId: Id, nodeId: z.string(), toUserId: Id, newTaskId: Id })),
  base(
    'approval.signer_added',
    z.object({ submissionId: Id, taskId: Id, nodeId: z.string(), userId: Id, position: z.enum(['before', 'after']) }),
  ),
  base('approval.reminded', z.object({ submissionId: Id, taskId: Id, nodeId: z.string(), assigneeId: Id })),
  base('approval.escalated', z.object({ submissionId: Id, taskId: Id, nodeId: z.string(), toUserId: Id, newTaskId: Id })),
  base('approval.cc', z.object({ submissionId: Id, nodeId: z.string(), userIds: z.array(Id) })),
  base('approval.withdrawn', z.object({ submissionId: Id })),
  base('approval.resubmitted', z.object({ submissionId: Id, round: z.number().int() })),
  // Recurring collections: a period opened (assignments made) for a scheduled form.
  base('schedule.updated', z.object({ formId: Id, enabled: z.boolean() })),
  base('schedule.deleted', z.object({ formId: Id })),
  base('schedule.period_opened', z.object({ scheduleId: Id, periodKey: z.string(), assignments: z.number().int() })),
  base('notification.urgent_sent', z.object({ notificationIds: z.array(Id), recipients: z.array(Id) })),
  base('saved_view.created', z.object({ viewId: Id, shared: z.boolean() })),
  base('saved_view.updated', z.object({ viewId: Id, shared: z.boolean() })),
  base('saved_view.deleted', z.object({ viewId: Id })),
  base('user.created', z.object({ userId: Id, role: z.string() })),
  base('user.updated', z.object({ userId: Id, changed: z.array(z.string()) })),
  base('department.created', z.object({ departmentId: Id, parentId: Id.nullable() })),
  base('department.updated', z.object({ departmentId: Id, changed: z.array(z.string()) })),
  base('template.installed', z.object({ templateId: z.string(), appId: Id })),
  // Reports and dashboards: definitions and sharing (figures are read, not events).
  base('report.created', z.object({ reportId: Id })),
  base('report.updated', z.object({ reportId: Id })),
  base('report.deleted', z.object({ reportId: Id })),
  base('dashboard.created', z.object({ dashboardId: Id })),
  base('dashboard.updated', z.object({ dashboardId: Id, changed: z.array(z.string()) })),
  base('dashboard.deleted', z.object({ dashboardId: Id })),
  base('digest.created', z.object({ digestId: Id, enabled: z.boolean() })),
  base('digest.updated', z.object({ digestId: Id, enabled: z.boolean() })),
  base('digest.deleted', z.object({ digestId: Id })),
]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type DomainEventType = DomainEvent['type'];
export type DomainEventPayload<T extends DomainEventType> = Extract<DomainEvent, { type: T }>['payload'];
