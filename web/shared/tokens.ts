/**
 * LeadCast's one design token set: the brand colours, text and surface colours, radius and
 * font the console (web/admin), the studio and the server-rendered audience pages
 * (src/pages, the live room) all draw from, as CSS custom properties named `--lc-*`.
 * Plain data with no DOM or Node dependency, so both the server and the browser bundles
 * import it. Colours are chosen for WCAG AA contrast: `muted` text and `brand` links on
 * `surface` and `bg`, `brand-ink` on `brand`.
 */
export const tokens = {
  brand: '#4f46e5',
  'brand-dark': '#4338ca',
  'brand-soft': '#eef0fe',
  'brand-ink': '#ffffff',
  ink: '#1c2233',
  muted: '#535b6b',
  line: '#e2e5ee',
  bg: '#f5f6fa',
  surface: '#ffffff',
  danger: '#b42318',
  'danger-soft': '#fef3f2',
  success: '#067647',
  'success-soft': '#ecfdf3',
  live: '#c81e1e',
  radius: '10px',
  font: 'system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif',
} as const;

export type Token = keyof typeof tokens;

/** `:root{--lc-brand:#4f46e5;…}` — the tokens as a style sheet. */
export const tokensCss = `:root{${Object.entries(tokens)
  .map(([name, value]) => `--lc-${name}:${value}`)
  .join(';')}}`;
