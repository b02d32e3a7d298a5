import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import type { DomainEvent, DomainEventType, User } from '@formloom/schemas';

/**
 * What a connector plugin (plugins/shopify, plugins/quickbooks) sees of Formloom. Plugins import
 * this package and @formloom/schemas, never the server's modules; the server builds the host
 * (server/src/services/connectors/host.ts) and runs each plugin's migrations, routes and handler.
 */

/** A plugin's own migration; names start with the plugin id (`shopify_001_connection`). */
export interface PluginMigration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  finalUrl: string;
}

export interface OutboundHttp {
  /** Resolves whatever the status; rejects on a refused address, a timeout or a network failure. */
  request(req: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
    maxBodyBytes?: number;
  }): Promise<OutboundResponse>;
}

export interface ConnectorSubmission {
  id: string;
  appId: string;
  formId: string;
  formVersion: number;
  status: string;
  data: Record<string, unknown>;
  createdAt: string;
  createdBy: string | null;
  deletedAt: string | null;
}

export interface ConnectorForm {
  id: string;
  appId: string;
  name: string;
  /** The latest published version's schema and uiSchema (null before the first publish). */
  version: number | null;
  schema: Record<string, unknown> | null;
  uiSchema: Record<string, unknown> | null;
}

export interface ExternalRef {
  submissionId: string;
  /** draft_order, order, purchase_order, bill, bill_payment, … : one ref per kind per submission. */
  kind: string;
  externalId: string;
  /** What people call it in the other system (#D12, PO 1003). */
  label?: string | null;
  url?: string | null;
}

export interface ConnectorHost {
  /** For the plugin's own tables (named `<pluginId>_…`); other tables only through the methods below. */
  knex: Knex;
  log: FastifyBaseLogger;
  /** AES-256-GCM with the server key: every token and refresh token is stored sealed. */
  secrets: { seal(plain: string): string; open(sealed: string): string };
  /**
   * Outbound HTTP with time limits. `http` guards against private addresses (for user-typed hosts);
   * `trustedHttp` does not, for origins the operator fixed in the environment (tests' fakes).
   */
  http: OutboundHttp;
  trustedHttp: OutboundHttp;
  /** Where people reach Formloom (FORMLOOM_PUBLIC_URL), for OAuth redirect URIs and links. */
  publicUrl: string;
  env: NodeJS.ProcessEnv;
  submissions: {
    get(id: string): Promise<ConnectorSubmission | null>;
    /** The id of the form's newest submission that is not deleted (what a mapping preview shows), or null. */
    latestId(formId: string): Promise<string | null>;
    externalRefs(submissionId: string): Promise<ExternalRef[]>;
    setExternalRef(ref: ExternalRef): Promise<void>;
  };
  forms: {
    get(formId: string): Promise<ConnectorForm | null>;
  };
  /** Tells a user (in-app and by email) that the connector failed on a submission. */
  notifyFailure(input: { userIds: string[]; formName: string; message: string; submissionId: string }): Promise<void>;
}

/** For the plugin's routes: who is calling, and the checks every route makes. */
export interface ConnectorRouteHelpers {
  /** The signed-in user (the route is already behind the session/Bearer auth). */
  user(request: FastifyRequest): User;
  /** 403 unless an admin. Connections (tokens, OAuth) are admin business. */
  requireAdmin(request: FastifyRequest): User;
  /** 404 if the caller cannot see the form, 403 unless they may manage its app. Mappings need this. */
  requireFormManager(request: FastifyRequest, formId: string): Promise<ConnectorForm>;
}

/** A failure worth retrying (throttled, 5xx, network); `retryAfterMs` when the other side said. */
export class ConnectorRetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConnectorRetryableError';
  }
}

/** A failure that will not go away by retrying the same thing (validation, mapping, auth revoked). */
export class ConnectorPermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorPermanentError';
  }
}

export interface ConnectorResult {
  /** Stored on the job (shown in the integrations panel). */
  result?: Record<string, unknown>;
}

export interface ConnectorPlugin {
  id: string;
  /** Shown in the UI and notifications. */
  name: string;
  version: string;
  /** The domain events it may act on; the dispatcher asks `accepts` only for these. */
  events: readonly DomainEventType[];
  migrations: readonly PluginMigration[];
  /**
   * Whether this event is this connector's business (a mapped form, a stock move of a mapped item).
   * Called at fan-out: only accepted events become jobs. Keep it cheap (cache mappings briefly).
   */
  accepts(event: DomainEvent, host: ConnectorHost): Promise<boolean>;
  /**
   * Acts on one accepted event. At least once: the same event may come again after a crash or a
   * retry, so the handler must be idempotent (per-submission keys, stored external ids). Throw
   * ConnectorRetryableError / ConnectorPermanentError; any other error counts as retryable.
   */
  handle(event: DomainEvent, host: ConnectorHost): Promise<ConnectorResult | void>;
  /** Routes under /api/connectors/<id>/…, registered behind the auth hook. */
  routes(app: FastifyInstance, host: ConnectorHost & ConnectorRouteHelpers): Promise<void>;
}

export function defineConnector(plugin: ConnectorPlugin): ConnectorPlugin {
  return plugin;
}
export * from './http.ts';
