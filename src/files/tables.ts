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
  };
}
