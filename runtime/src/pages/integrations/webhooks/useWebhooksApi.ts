import { useMemo } from 'react';
import { useApi } from '../../../api/ApiContext.tsx';
import { webhooksApiFor, type WebhooksApi } from '../../../api/webhooks.ts';

/** The webhook calls over the app's API client; throws with a client that cannot make them (a test's fake without `request`). */
export function useWebhooksApi(): WebhooksApi {
  const api = useApi();
  return useMemo(() => {
    const webhooks = webhooksApiFor(api);
    if (!webhooks) throw new Error('the webhook pages need an API client with request()');
    return webhooks;
  }, [api]);
}
