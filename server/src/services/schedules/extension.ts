import type { SubmissionExtension } from '../submissionExtensions.ts';

/** Marks the submitter's open assignment of a scheduled form done (filled in by the recurring-collections work). */
export const assignmentsExtension: SubmissionExtension = { name: 'assignments' };
