import { randomBytes } from 'node:crypto';

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A URL slug from a title: ASCII letters and digits joined by dashes. Titles with no
 * Latin letters (e.g. Chinese) get `event-` and a short random suffix so the URL stays
 * readable and ASCII-only.
 */
export function slugify(title: string, random = () => randomBytes(3).toString('hex')): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return base.length >= 3 ? base : `event-${random()}`;
}
