/**
 * The console's only door to the server: JSON over fetch with the session cookie, the
 * CSRF header on every state-changing request, and one error type for everything that
 * can go wrong (server error bodies, network failures).
 */

export interface FieldErrors {
  [field: string]: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    /** The error's whole `details` (e.g. a template's problems with line and merge field). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when any request answers 401: the session ended (expired, signed out elsewhere). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function send<T>(method: Method, path: string, body?: BodyInit, json = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (json) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached');
  }
  const payload = (await res.json().catch(() => undefined)) as
    | {
        error?: {
          code: string;
          message: string;
          details?: { fields?: FieldErrors } & Record<string, unknown>;
        };
      }
    | undefined;
  if (!res.ok) {
    const err = payload?.error;
    const apiError = new ApiError(
      res.status,
      err?.code ?? 'INTERNAL',
      err?.message ?? res.statusText,
      err?.details?.fields,
      err?.details,
    );
    if (res.status === 401 && apiError.code === 'UNAUTHENTICATED') onUnauthenticated();
    throw apiError;
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => send<T>('POST', path, JSON.stringify(body), true),
  patch: <T>(path: string, body: unknown) => send<T>('PATCH', path, JSON.stringify(body), true),
  put: <T>(path: string, body: unknown) => send<T>('PUT', path, JSON.stringify(body), true),
  delete: <T>(path: string) => send<T>('DELETE', path),
  /** Uploads one file as multipart field "file" (covers, speaker photos). */
  upload: <T>(path: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return send<T>('PUT', path, form);
  },
};

/** Builds a query string from the non-empty values of `params`. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
