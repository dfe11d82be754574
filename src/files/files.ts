import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Jobs } from '../jobs/jobs.js';
import { sniffDocumentType } from './documents.js';
import { imageSize, sniffImageType } from './images.js';
import {
  type ImagePurpose,
  inspectImage,
  makeVariants,
  parseVariants,
  VARIANT_FORMATS,
  VARIANT_TYPES,
  VARIANTS_JOB,
  type Variant,
  type VariantFormat,
  variantName,
  withoutMetadata,
} from './variants.js';

export type StoredFile = Database['files'];
export type Files = ReturnType<typeof createFiles>;

/** An image for a page: the original with its displayed size, and its copies as `<source>` sets. */
export interface Picture {
  url: string;
  width: number;
  height: number;
  /** AVIF first, then WebP; empty until the copies are made (the original is shown). */
  sources: Array<{ type: string; srcset: string }>;
}

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
  /** Most pixels an uploaded image may have (config `IMAGE_MAX_PIXELS`). */
  maxPixels: number;
  /** The queue that makes images' copies (VARIANTS_JOB, registered by the job domain). */
  jobs: Jobs;
  /** Called once an image's copies are made: the pages showing it are rendered again. */
  onVariantsReady?: (fileId: string) => Promise<void>;
}) {
  const root = path.join(deps.dataDir, 'files');
  // Files never change under their id, so their sizes can be kept (bounded).
  const sizes = new Map<string, { width: number; height: number } | null>();
  /** Image rows whose copies are made (never change again), bounded like `sizes`. */
  const finished = new Map<string, StoredFile>();
  /** Files this process has already queued copies for (the job's idempotency key does the rest). */
  const queued = new Set<string>();
  /** Copies are made one image at a time per process: AVIF encoding is CPU- and memory-heavy. */
  let making: Promise<unknown> = Promise.resolve();

  const writeAtomically = async (target: string, bytes: Buffer) => {
    // Write to a temp name and rename so a crash never leaves a half-written file behind a row.
    await fs.writeFile(`${target}.tmp`, bytes);
    await fs.rename(`${target}.tmp`, target);
  };

  const queueVariants = (executor: Kysely<Database>, fileId: string, purpose: ImagePurpose) =>
    deps.jobs.enqueue(
      executor,
      VARIANTS_JOB,
      { file_id: fileId, purpose },
      { idempotencyKey: `${VARIANTS_JOB}:${fileId}` },
    );

  async function imageRow(id: string): Promise<StoredFile | undefined> {
    const done = finished.get(id);
    if (done) return done;
    const row = await deps.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', id)
      .where('kind', '=', 'image')
      .executeTakeFirst();
    if (row && row.variants !== null) {
      if (finished.size >= 1000) finished.clear();
      finished.set(id, row);
    }
    return row;
  }

  async function store(
    bytes: Buffer,
    kind: StoredFile['kind'],
    mime: string,
    createdBy: string | null,
    image?: { width: number; height: number; purpose?: ImagePurpose; animated: boolean },
  ) {
    const id = newId();
    const storageKey = `${id.slice(0, 2)}/${id}`;
    await fs.mkdir(path.join(root, id.slice(0, 2)), { recursive: true });
    await writeAtomically(path.join(root, storageKey), bytes);
    // Covers and photos get their copies from the queue; other images (logos, evidence) and
    // animated ones (copies would freeze them) have none to make.
    const copies = image?.purpose && !image.animated ? image.purpose : undefined;
    const row: StoredFile = {
      id,
      kind,
      mime,
      size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storage_key: storageKey,
      created_by: createdBy,
      created_at: deps.clock.now().toISOString(),
      width: image?.width ?? null,
      height: image?.height ?? null,
      variants: image && !copies ? '[]' : null,
    };
    // The row and the job that makes its copies commit together.
    await deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('files').values(row).execute();
      if (copies) await queueVariants(trx, id, copies);
    });
    if (copies) queued.add(id);
    return row;
  }

  /** The job: makes the copies of one image, writes them beside the original, lists them on its row. */
  async function variantsJob(payload: Record<string, unknown>): Promise<void> {
    const id = String(payload.file_id);
    const purpose: ImagePurpose = payload.purpose === 'photo' ? 'photo' : 'cover';
    const run = making.then(async () => {
      const file = await deps.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
      // Gone, not an image, or already done (a job can run again after a crash): nothing to do.
      if (file?.kind !== 'image' || file.variants !== null) return;
      const bytes = await fs.readFile(path.join(root, file.storage_key));
      let made: Awaited<ReturnType<typeof makeVariants>> = [];
      let size = file.width && file.height ? { width: file.width, height: file.height } : undefined;
      try {
        const seen = await inspectImage(bytes, deps.maxPixels);
        size = { width: seen.width, height: seen.height };
        if (!seen.animated) made = await makeVariants(bytes, purpose, size, deps.maxPixels);
      } catch (err) {
        // An original stored before uploads were decoded may be unreadable: it keeps being
        // shown as it is, and is not tried again.
        if (!(err instanceof AppError)) throw err;
      }
      for (const v of made)
        await writeAtomically(path.join(root, `${file.storage_key}.${variantName(v)}`), v.data);
      const list: Variant[] = made.map(({ data: _d, ...v }) => v);
      await deps.db
        .updateTable('files')
        .set({ variants: JSON.stringify(list), width: size?.width ?? null, height: size?.height ?? null })
        .where('id', '=', id)
        .execute();
      await deps.onVariantsReady?.(id);
    });
    // One failed image does not stop the next one's turn.
    making = run.catch(() => {});
    await run;
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

    /**
     * An uploaded image: sniffed, then decoded (damaged, truncated and oversized images are
     * refused and nothing is stored). A cover's or photo's copies are queued with it.
     */
    async saveImage(bytes: Buffer, createdBy: string | null, purpose?: ImagePurpose): Promise<StoredFile> {
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
      const seen = await inspectImage(bytes, deps.maxPixels);
      const kept = await withoutMetadata(bytes, mime, seen, deps.maxPixels);
      return store(kept, 'image', mime, createdBy, { ...seen, purpose });
    },

    variantsJob,

    /**
     * An image as a page shows it: the original's URL and displayed size, and the copies as
     * `<source>` sets. An image without copies yet (uploaded before they existed, or its job
     * still waiting) is shown as the original, and its copies are queued now: the backfill
     * happens the first time a page shows it. Undefined: no such image.
     */
    async picture(id: string, purpose: ImagePurpose): Promise<Picture | undefined> {
      const row = await imageRow(id);
      if (!row) return undefined;
      if (row.variants === null && !queued.has(id)) {
        queued.add(id);
        await queueVariants(deps.db, id, purpose);
      }
      const size =
        row.width && row.height
          ? { width: row.width, height: row.height }
          : // An unreadable header still shows the image, at the usual 16:9.
            ((await this.imageSize(id)) ?? { width: 1280, height: 720 });
      const variants = parseVariants(row.variants);
      const url = `/files/${id}`;
      const sources = VARIANT_FORMATS.map((format) => ({
        type: VARIANT_TYPES[format],
        srcset: variants
          .filter((v) => v.format === format)
          .sort((a, b) => a.width - b.width)
          .map((v) => `${url}/${variantName(v)} ${v.width}w`)
          .join(', '),
      })).filter((s) => s.srcset);
      return { url, ...size, sources };
    },

    /** One copy's bytes and type, if the image has that copy. */
    async openVariant(
      id: string,
      name: string,
    ): Promise<{ bytes: Buffer; type: string; file: StoredFile } | undefined> {
      const m = /^(\d{1,5})\.(avif|webp)$/.exec(name);
      if (!m) return undefined;
      const [width, format] = [Number(m[1]), m[2] as VariantFormat];
      const file = await imageRow(id);
      if (!file || !parseVariants(file.variants).some((v) => v.width === width && v.format === format))
        return undefined;
      const bytes = await fs.readFile(path.join(root, `${file.storage_key}.${name}`));
      return { bytes, type: VARIANT_TYPES[format], file };
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
