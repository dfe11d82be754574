import { tokens } from '../../web/shared/tokens.js';

/** The audience pages' icon: LeadCast's mark (a play sign on the brand colour), small enough to inline-serve. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${tokens.brand}"/><path d="M25 18v28l22-14z" fill="#fff"/></svg>`;
