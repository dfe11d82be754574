import type {} from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../errors.js';
import type { Files } from './files.js';

export function filesRoutes(app: FastifyInstance, deps: { files: Files }) {
  app.get<{ Params: { id: string } }>('/files/:id', async (req, reply) => {
    const { file, bytes } = await deps.files.open(req.params.id);
    // Documents (offer files) are gated: only the offer's download route hands them out.
    if (file.kind !== 'image') throw notFound('File');
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${file.sha256}"`)
      .type(file.mime)
      .send(bytes);
  });

  // A cover's or photo's resized copy (src/files/variants.ts), e.g. /files/<id>/480.avif.
  app.get<{ Params: { id: string; variant: string } }>('/files/:id/:variant', async (req, reply) => {
    const found = await deps.files.openVariant(req.params.id, req.params.variant);
    if (!found) throw notFound('File');
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${found.file.sha256}-${req.params.variant}"`)
      .type(found.type)
      .send(found.bytes);
  });
}

/** Reads the single multipart file field "file" of an upload request, bounded by the size limit. */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!req.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the image as multipart/form-data in the field "file"');
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (part?.fieldname !== 'file') {
    throw new AppError('VALIDATION_FAILED', 'No file received', {
      fields: { file: 'Choose an image to upload' },
    });
  }
  return part.toBuffer();
}
