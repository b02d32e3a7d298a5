import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import type { HttpApiClient } from '../../api/client.ts';
import { createWorkflowApi, workflowApiOf, type WorkflowApi } from '../../api/workflow.ts';

export function useWorkflowApi(): WorkflowApi {
  const api = useApi();
  return useMemo(() => workflowApiOf(api), [api]);
}

/**
 * For parts of every page (the header's count): null when the app's client cannot make the calls (a
 * test's fake without `request`), so they stay out of the way instead of failing the page.
 */
export function useOptionalWorkflowApi(): WorkflowApi | null {
  const api = useApi();
  return useMemo(() => {
    const request = (api as Partial<HttpApiClient>).request;
    return typeof request === 'function' ? createWorkflowApi(request.bind(api)) : null;
  }, [api]);
}
