/** Record page: the submission's approval status, timeline, and withdraw / resubmit (placeholder). */
export function SubmissionFlowPanel(_props: { submissionId: string }) {
  return null;
}
