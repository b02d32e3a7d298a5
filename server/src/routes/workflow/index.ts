import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddSignerBody,
  ApproveBody,
  CommentRequiredBody,
  FieldAccess,
  ResubmitBody,
  SimulateBody,
  SimulateResult,
  SubmissionDetail,
  SubmissionStatus,
  SubmittedPage,
  SubmittedQuery,
  TaskActionName,
  TaskCounts,
  TaskDecisionResult,
  TaskListQuery,
  TaskPage,
  TimelineResponse,
  TransferBody,
  ApprovalTask,
  type User,
} from '@formloom/schemas';
import { nowIso } from '../../db/dialect.ts';
import { readerLocale } from '../../lib/readerLocale.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { loadForm, requirePermission } from '../../services/access.ts';
import { actOnTask, resubmit, withdraw, type TaskAction } from '../../services/workflow/actions.ts';
import {
  listTasks,
  markTaskRead,
  submissionTimeline,
  submittedByMe,
  taskById,
  taskCounts,
  taskDetail,
} from '../../services/workflow/queries.ts';
import { simulateFlow } from '../../services/workflow/simulate.ts';
import { startTimeLimitTicker } from '../../services/workflow/ticker.ts';
import { errors } from '../common.ts';

const TaskParams = z.object({ taskId: z.string() });
const SubmissionParams = z.object({ submissionId: z.string() });

const TaskDetail = z.object({
  task: ApprovalTask,
  submission: SubmissionDetail,
  form: z.object({
    id: z.string(),
    appId: z.string(),
    name: z.string(),
    version: z.number().int(),
    schema: z.record(z.string(), z.unknown()),
    uiSchema: z.record(z.string(), z.unknown()),
  }),
  fieldAccess: z.record(z.string(), FieldAccess),
  actions: z.array(TaskActionName),
  requireSignature: z.boolean().describe('Approving at this step takes a digital signature (prepare and complete one first)'),
});

const DECISION_ERRORS = errors(403, 404, 409, 422);

/**
 * Approval flows (docs/WORKFLOWS.md): the inbox's tasks and the decisions on them, a submission's
 * timeline, withdraw and resubmit, the submitter's list, and route simulation for the editor.
 * Also runs the time-limit ticker while the server is up.
 */
const workflowRoutes: FastifyPluginAsyncZod = async (app) => {
  const ticker = startTimeLimitTicker(app);
  app.addHook('onReady', async () => ticker.start());
  app.addHook('onClose', async () => ticker.stop());

  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Your approval tasks (kind approve) or CCs (kind cc), newest first',
        description: 'status pending = waiting for you (CC: unread); done = decided or no longer yours (CC: read).',
        querystring: TaskListQuery,
        response: { 200: TaskPage },
      },
    },
    async (request) =>
      listTasks(app.db, currentUser(request), request.query, readerLocale(currentUser(request), request.headers['accept-language'])),
  );

  app.get(
    '/api/tasks/counts',
    { schema: { tags: ['approvals'], summary: 'Counts for the inbox tabs', response: { 200: TaskCounts } } },
    async (request) => taskCounts(app.db, currentUser(request)),
  );

  app.get(
    '/api/tasks/:taskId',
    {
      schema: {
        tags: ['approvals'],
        summary: 'One task with the submission as seen at its step (hidden fields left out), the form, and what you may do',
        params: TaskParams,
        response: { 200: TaskDetail, ...errors(404) },
      },
    },
    async (request) => taskDetail(app.db, currentUser(request), request.params.taskId),
  );

  app.post(
    '/api/tasks/:taskId/read',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Mark a CC read (no effect on other tasks)',
        params: TaskParams,
        response: { 204: z.null().describe('Marked'), ...errors(404) },
      },
    },
    async (request, reply) => {
      await markTaskRead(app.db, currentUser(request), request.params.taskId, nowIso());
      return reply.status(204).send(null);
    },
  );

  const decide = async (user: User, taskId: string, action: TaskAction) => {
    const submissionStatus = await actOnTask(app, user, taskId, action);
    return { task: await taskById(app.db, user, taskId), submissionStatus };
  };
  const decisionSchema = (summary: string, body: z.ZodType) => ({
    schema: { tags: ['approvals'], summary, params: TaskParams, body, response: { 200: TaskDecisionResult, ...DECISION_ERRORS } },
  });

  app.post(
    '/api/tasks/:taskId/approve',
    decisionSchema('Approve; `data` may change the fields editable at this step', ApproveBody),
    async (request) => {
      const body = request.body as z.infer<typeof ApproveBody>;
      return decide(currentUser(request), request.params.taskId, {
        type: 'approve',
        comment: body.comment,
        data: body.data,
        signatureId: body.signatureId,
      });
    },
  );
  app.post('/api/tasks/:taskId/reject', decisionSchema('Reject, with the reason (required)', CommentRequiredBody), async (request) => {
    const { comment } = request.body as z.infer<typeof CommentRequiredBody>;
    return decide(currentUser(request), request.params.taskId, { type: 'reject', comment });
  });
  app.post(
    '/api/tasks/:taskId/return',
    decisionSchema('Return to the submitter to change and resubmit, with the reason (required)', CommentRequiredBody),
    async (request) => {
      const { comment } = request.body as z.infer<typeof CommentRequiredBody>;
      return decide(currentUser(request), request.params.taskId, { type: 'return', comment });
    },
  );
  app.post('/api/tasks/:taskId/transfer', decisionSchema('Hand the task to someone else', TransferBody), async (request) => {
    const { userId, comment } = request.body as z.infer<typeof TransferBody>;
    return decide(currentUser(request), request.params.taskId, { type: 'transfer', userId, comment });
  });
  app.post(
    '/api/tasks/:taskId/add-signer',
    decisionSchema('Add a signer before you (you sign after them) or after you', AddSignerBody),
    async (request) => {
      const { userId, position, comment } = request.body as z.infer<typeof AddSignerBody>;
      return decide(currentUser(request), request.params.taskId, { type: 'addSigner', userId, position, comment });
    },
  );

  app.get(
    '/api/submissions/:submissionId/timeline',
    {
      schema: {
        tags: ['approvals'],
        summary: "Every step of the submission's approval flow, oldest first, and who it waits for now",
        params: SubmissionParams,
        response: { 200: TimelineResponse, ...errors(403, 404) },
      },
    },
    async (request) => submissionTimeline(app.db, currentUser(request), request.params.submissionId),
  );

  app.post(
    '/api/submissions/:submissionId/withdraw',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Withdraw your pending submission (its open tasks are cancelled)',
        params: SubmissionParams,
        response: { 200: z.object({ status: SubmissionStatus }), ...errors(403, 404, 409) },
      },
    },
    async (request) => ({ status: await withdraw(app, currentUser(request), request.params.submissionId) }),
  );

  app.post(
    '/api/submissions/:submissionId/resubmit',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Send a returned submission again with changed data; its flow starts over as the next round',
        description: '`data` is the whole new data, checked like an edit (422 validation_failed).',
        params: SubmissionParams,
        body: ResubmitBody,
        response: { 200: z.object({ status: SubmissionStatus }), ...errors(403, 404, 409, 422) },
      },
    },
    async (request) => ({ status: await resubmit(app, currentUser(request), request.params.submissionId, request.body.data) }),
  );

  app.get(
    '/api/inbox/submitted',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Your own submissions to forms with an approval flow, newest first, with who each waits for',
        querystring: SubmittedQuery,
        response: { 200: SubmittedPage },
      },
    },
    async (request) =>
      submittedByMe(app.db, currentUser(request), request.query, readerLocale(currentUser(request), request.headers['accept-language'])),
  );

  app.post(
    '/api/forms/:formId/workflow/simulate',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Route simulation: the steps and people a submission with this data from this submitter would reach',
        description:
          "For the form's editors. `workflow` (the editor's unsaved flow) wins over the stored one; `draft: false` uses the published flow.",
        params: z.object({ formId: z.string() }),
        body: SimulateBody,
        response: { 200: SimulateResult, ...errors(403, 404, 422) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      requirePermission(permissions, 'canEdit', 'simulate approval flows');
      return simulateFlow(app.db, form, request.body, user);
    },
  );
};

export default workflowRoutes;
