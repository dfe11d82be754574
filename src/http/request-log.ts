import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { requestMessage } from '../logging.js';

/**
 * One log line per request, when its response is sent, in place of Fastify's two ("incoming
 * request" and "request completed"). JSON lines keep the fields for log tools; pretty lines
 * read `GET /e/launch 200 3.4 ms`. A response that failed while being sent logs at error level.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const responseTime = reply.elapsedTime;
    const fields = { method: req.method, url: req.url, statusCode: reply.statusCode, responseTime };
    const message = requestMessage(req.method, req.url, reply.statusCode, responseTime);
    if (error) reply.log.error({ ...fields, err: error }, message);
    else reply.log.info(fields, message);
  }
}
