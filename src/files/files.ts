import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { sniffDocumentType } from './documents.js';
import { imageSize, sniffImageType } from './images.js';

export type StoredFile = Database['files'];
export type Files = ReturnType<typeof createFiles>;

/**
 * Uploaded files (covers, speaker photos, offer documents) on local disk under
 * DATA_DIR/files. Rows hold the type found by sniffing the bytes; an image's public URL is
 * /files/<random id>, a document is handed out only by its owner's route.
 */
export function createFiles(deps: {
  db: Kysely<Database>;
  clock: Clock;
  dataDir: string;
  maxBytes: number;
  /** Largest document (offer file) upload. */
  documentMaxBytes: number;
}) {
  const root = path.join(deps.dataDir, 'files');
  // Files never change under their id, so their sizes can be kept (bounded).
  const sizes = new Map<string, { width: number; height: number } | null>();
  async function store(bytes: Buffer, kind: StoredFile['kind'], mime: string, createdBy: string | null) {
    const id = newId();
    const storageKey = `${id.slice(0, 2)}/${id}`;
    await fs.mkdir(path.join(root, id.slice(0, 2)), { recursive: true });
    // Write to a temp name and rename so a crash never leaves a half-written file behind a row.
    const target = path.join(root, storageKey);
    await fs.writeFile(`${target}.tmp`, bytes);
    await fs.rename(`${target}.tmp`, target);
    const row: StoredFile = {
      id,
      kind,
      mime,
      size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storage_key: storageKey,
      created_by: createdBy,
      created_at: deps.clock.now().toISOString(),
    };
    await deps.db.insertInto('files').values(row).execute();
    return row;
  }
  return {
    maxBytes: deps.maxBytes,
    documentMaxBytes: deps.documentMaxBytes,

    /**
     * A document for download (an offer's file): PDF, Office, ZIP or image, sniffed by its
     * bytes. Never served at /files/<id>; only its owner's route hands it out.
     */
    async saveDocument(bytes: Buffer, createdBy: string | null): Promise<StoredFile> {
      if (bytes.length === 0)
        throw new AppError('VALIDATION_FAILED', 'The file is empty', {
          fields: { file: 'The file is empty' },
        });
      if (bytes.length > deps.documentMaxBytes)
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `Files may be at most ${Math.floor(deps.documentMaxBytes / 1024 / 1024)} MB`,
        );
      const type = sniffDocumentType(bytes);
      if (!type)
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Upload a PDF, PowerPoint, Word, Excel, ZIP or image file',
          {
            fields: { file: 'Upload a PDF, PowerPoint, Word, Excel, ZIP or image file' },
          },
        );
      return store(bytes, 'document', type.mime, createdBy);
    },

    async saveImage(bytes: Buffer, createdBy: string | null): Promise<StoredFile> {
      if (bytes.length === 0)
        throw new AppError('VALIDATION_FAILED', 'The file is empty', {
          fields: { file: 'The file is empty' },
        });
      if (bytes.length > deps.maxBytes)
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `Images may be at most ${Math.floor(deps.maxBytes / 1024 / 1024)} MB`,
        );
      const mime = sniffImageType(bytes);
      if (!mime) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload a PNG, JPEG, GIF or WebP image', {
          fields: { file: 'Upload a PNG, JPEG, GIF or WebP image' },
        });
      }
      return store(bytes, 'image', mime, createdBy);
    },

    /** An image's width and height (undefined: missing or unreadable), for pages that reserve its box. */
    async imageSize(id: string): Promise<{ width: number; height: number } | undefined> {
      if (!sizes.has(id)) {
        const size = await this.open(id).then(
          ({ bytes }) => imageSize(bytes),
          () => undefined,
        );
        if (sizes.size >= 1000) sizes.clear();
        sizes.set(id, size ?? null);
      }
      return sizes.get(id) ?? undefined;
    },

    async open(id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
      const file = await deps.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
      if (!file) throw notFound('File');
      return { file, bytes: await fs.readFile(path.join(root, file.storage_key)) };
    },
  };
}

export const fileUrl = (id: string | null) => (id ? `/files/${id}` : null);
