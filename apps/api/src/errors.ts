import type { FastifyError, FastifyInstance } from 'fastify';
import { errorStatus, type ErrorCode } from '@townhall/contracts';
import { isDatabaseUnavailable } from './database-unavailable.ts';
import { describeIssue, issueField } from './validation-messages.ts';

/** An expected failure with a code from contracts/errors.ts; answered as a 4xx. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Every bad field, when a request has several; the first is `field`. */
    readonly problems?: { field: string; message: string }[],
  ) {
    super(message);
    this.statusCode = errorStatus[code];
  }
}

const fastifyCodeToError: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'VALIDATION_FAILED', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'VALIDATION_FAILED', message: 'The body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'VALIDATION_FAILED', message: 'Content-Length does not match the body' },
};

/**
 * One error handler for the API: `{ error: { code, message, field? } }` with the right status.
 * The text of a 5xx is never shown; it is logged instead.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      const problems = error.problems && error.problems.length > 1 ? { problems: error.problems } : {};
      return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message, field: error.field, ...problems } });
    }
    if (error.validation && error.validation.length > 0) {
      const issue = error.validation[0]!;
      return reply.status(400).send({
        error: { code: 'VALIDATION_FAILED', message: describeIssue(issue, error.validationContext), field: issueField(issue) },
      });
    }
    const known = error.code ? fastifyCodeToError[error.code] : undefined;
    if (known) {
      return reply.status(errorStatus[known.code]).send({ error: known });
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: 'The body is not valid JSON' } });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code: 'DATABASE_UNAVAILABLE', message: 'The database is not reachable right now; try again in a few seconds' } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, 'client error');
      return reply.status(status).send({ error: { code: codeForStatus(status), message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side' } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No such route: ${request.method} ${request.url.split('?')[0]}` } }),
  );
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'SIGN_IN_REQUIRED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  return 'VALIDATION_FAILED';
}
