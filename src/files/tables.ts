export interface FilesTables {
  files: {
    id: string;
    kind: 'image' | 'document';
    mime: string;
    size_bytes: number;
    sha256: string;
    storage_key: string;
    created_by: string | null;
    created_at: string;
    /** An image's displayed size (after EXIF rotation); null for documents and older uploads. */
    width: number | null;
    height: number | null;
    /** JSON list of resized copies (src/files/variants.ts); null until they are made. */
    variants: string | null;
  };
}
