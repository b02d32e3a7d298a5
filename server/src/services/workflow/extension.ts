import type { SubmissionExtension } from '../submissionExtensions.ts';

/** Starts a submission's approval flow in the transaction that stores it (filled in by the approvals work). */
export const workflowExtension: SubmissionExtension = { name: 'workflow' };
