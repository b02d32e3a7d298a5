import fp from 'fastify-plugin';
import { loadSecretKey, secretBoxFromKey, type SecretBox } from '../../lib/secretBox.ts';
import { createOutboundHttp, type OutboundHttp } from '../../services/outbound/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Seals secrets stored in the database (tokens, webhook secrets) with the server key. */
    secretBox: SecretBox;
    /** Outbound HTTP to user-typed URLs, with the private-address guard (FORMLOOM_WEBHOOK_ALLOW_HOSTS). */
    outbound: OutboundHttp;
    /** Outbound HTTP without the guard: only for origins the operator set in the environment. */
    trustedOutbound: OutboundHttp;
  }
}

/** What webhooks, Zapier hooks and connectors share: the server key and the guarded HTTP client. */
export default fp<{ dataDir: string; allowHosts: readonly string[] }>(
  async (app, { dataDir, allowHosts }) => {
    app.decorate('secretBox', secretBoxFromKey(loadSecretKey(dataDir)));
    app.decorate('outbound', createOutboundHttp({ allowHosts }));
    app.decorate('trustedOutbound', createOutboundHttp({ guard: false }));
  },
  { name: 'integrations' },
);
