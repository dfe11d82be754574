import { sniffImageType } from './images.js';

/** What an offer file may be, recognised by its bytes, with the extension its download gets. */
export interface DocumentType {
  mime: string;
  extension: string;
}

const office: [marker: string, type: DocumentType][] = [
  [
    'ppt/',
    { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' },
  ],
  [
    'word/',
    { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  ],
  ['xl/', { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' }],
];

/**
 * Recognises a downloadable document (slides, whitepapers, case studies, solution packs) by
 * its first bytes, never by its name or the client's Content-Type: PDF, Office Open XML
 * (told apart by the part names in the ZIP, which Office writes in its first entries), any
 * other ZIP, or an image. Undefined for anything else (scripts, HTML, executables).
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | undefined {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1');
  if (head.startsWith('%PDF-')) return { mime: 'application/pdf', extension: 'pdf' };
  if (head.startsWith('PK\u0003\u0004')) {
    if (head.includes('[Content_Types].xml'))
      for (const [marker, type] of office) if (head.includes(marker)) return type;
    return { mime: 'application/zip', extension: 'zip' };
  }
  const image = sniffImageType(bytes);
  return image ? { mime: image, extension: image.slice('image/'.length).replace('jpeg', 'jpg') } : undefined;
}

/** The extension a stored document's download gets. */
export const extensionOf = (mime: string) =>
  office.find(([, t]) => t.mime === mime)?.[1].extension ??
  ({ 'application/pdf': 'pdf', 'application/zip': 'zip' } as Record<string, string>)[mime] ??
  mime.slice(mime.indexOf('/') + 1).replace('jpeg', 'jpg');
