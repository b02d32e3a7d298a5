import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext.tsx';
import type { Decision } from '../pages/inbox/TaskDecision.tsx';
import { signaturesApiOf } from './api.ts';
import { loadSigningCrypto } from './loadCrypto.ts';
import { SigningDialog } from './SigningDialog.tsx';

/** An approval waiting for the approver's signature: the decision and the fields they filled, if any. */
export interface PendingApproval {
  decision: Decision;
  data?: Record<string, unknown>;
}

/**
 * "Sign and approve" on the task page: signs the submission's PDF for this task (earlier approvers'
 * signatures stay in it), then hands the signature's id to the approval.
 */
export function TaskSigning({ taskId, onSigned, onClose }: { taskId: string; onSigned(signatureId: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const client = useApi();
  const api = useMemo(() => signaturesApiOf(client), [client]);
  const request = useMemo(() => ({ taskId }), [taskId]);
  return (
    <SigningDialog
      request={request}
      api={api}
      loadCrypto={loadSigningCrypto}
      title={t('signatures.task.dialogTitle')}
      onSigned={(s) => onSigned(s.id)}
      onClose={onClose}
    />
  );
}
