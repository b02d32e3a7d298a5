import fp from 'fastify-plugin';
import { loadSecretKey, secretBoxFromKey, type SecretBox } from '../../lib/secretBox.ts';
import { allowHostsFromEnv, createOutboundHttp, type OutboundHttp } from '../../services/outbound/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Seals secrets stored in the database (tokens, webhook secrets) with the server key. */
    secretBox: SecretBox;
    /** Outbound HTTP to user-typed URLs, with the private-address guard (FORMLOOM_WEBHOOK_ALLOW_HOSTS). */
    outbound: OutboundHttp;
  }
}

/** What webhooks, Zapier hooks and connectors share: the server key and the guarded HTTP client. */
export default fp<{ dataDir: string }>(
  async (app, { dataDir }) => {
    app.decorate('secretBox', secretBoxFromKey(loadSecretKey(dataDir)));
    app.decorate('outbound', createOutboundHttp({ allowHosts: allowHostsFromEnv() }));
  },
  { name: 'integrations' },
);
