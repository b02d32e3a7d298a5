/** /tasks/:taskId: the submission with the node's field permissions and the approver's actions (placeholder until its work lands). */
export default function TaskPage(_props: { taskId: string }) {
  return null;
}
