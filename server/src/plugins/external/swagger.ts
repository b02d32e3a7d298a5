import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** The OpenAPI document is generated from the same zod models the routes validate with. */
export default fp<{ version: string }>(
  async (app, { version }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Formloom API',
          version,
          description: 'Forms, submissions and apps. Errors are {statusCode, code, error, message, details?}.',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'formloom_session', description: 'Unsafe methods also need X-CSRF-Token.' },
            bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/auth/tokens.' },
          },
        },
        security: [{ session: [] }, { bearer: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
  },
  { name: 'swagger' },
);
