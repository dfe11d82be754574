// Styles for both room panels, scoped under .lcr so they sit safely inside any page.
// Mobile first: big touch targets, the composer stays at the bottom.
import { tokensCss } from '../../shared/tokens.js';

const css = `
.lcr{--ink:var(--lc-ink);--muted:var(--lc-muted);--line:var(--lc-line);--brand:var(--lc-brand);--bg:var(--lc-bg);--card:var(--lc-surface);--danger:var(--lc-danger);--ok:var(--lc-success);
  display:flex;flex-direction:column;height:100%;min-height:420px;font:15px/1.45 var(--lc-font);color:var(--ink);background:var(--card);border:1px solid var(--line);border-radius:12px;overflow:hidden}
.lcr *{box-sizing:border-box}
.lcr-head{display:flex;justify-content:space-between;align-items:center;padding:8px 12px;border-bottom:1px solid var(--line);font-size:13px;color:var(--muted)}
.lcr-head strong,.lcr-head h2{color:var(--ink);font-size:15px;margin:0}
.lcr-dot{display:inline-block;width:8px;height:8px;border-radius:50%;background:var(--ok);margin-right:6px}
.lcr-dot.off{background:#c9cfdc}
.lcr-banner{padding:8px 12px;font-size:14px;border-bottom:1px solid var(--line);background:#fff8e1}
.lcr-banner.info{background:var(--lc-brand-soft)}.lcr-banner.win{background:#e7f5ec;color:var(--ok);font-weight:600}.lcr-banner.warn{background:#fdecea;color:var(--danger)}
.lcr-tabs{display:flex;border-bottom:1px solid var(--line)}
.lcr-tabs button{flex:1;border:0;background:none;padding:10px 4px;font:inherit;font-weight:600;color:var(--muted);border-bottom:2px solid transparent;cursor:pointer}
.lcr-tabs button[aria-selected=true]{color:var(--brand);border-bottom-color:var(--brand)}
.lcr-count{display:inline-block;min-width:18px;padding:0 5px;border-radius:9px;background:var(--danger);color:#fff;font-size:11px;margin-left:4px}
.lcr-body{flex:1;overflow-y:auto;padding:8px 12px;-webkit-overflow-scrolling:touch}
.lcr-empty{color:var(--muted);text-align:center;padding:24px 0}
.lcr-msg{padding:5px 0;word-wrap:break-word}
.lcr-msg .n{font-weight:600;margin-right:6px}
.lcr-msg .badge{font-size:11px;background:var(--brand);color:#fff;border-radius:4px;padding:0 4px;margin-right:4px}
.lcr-msg .st{font-size:12px;color:var(--muted);margin-left:6px}
.lcr-msg.pending{opacity:.6}
.lcr-msg .acts{display:inline-flex;gap:4px;margin-left:6px;vertical-align:middle}
.lcr-link{border:0;background:none;color:var(--muted);font-size:12px;cursor:pointer;padding:2px 4px;text-decoration:underline}
.lcr-compose{display:flex;gap:8px;padding:8px 12px;border-top:1px solid var(--line);background:var(--card)}
.lcr input,.lcr textarea,.lcr select{font:inherit;font-size:16px;padding:9px 10px;border:1px solid #c9cfdc;border-radius:8px;background:#fff;min-width:0}
.lcr-compose input{flex:1}
.lcr textarea{width:100%;min-height:60px}
.lcr-btn{border:0;border-radius:8px;background:var(--brand);color:#fff;font:inherit;font-weight:600;padding:9px 14px;cursor:pointer;min-height:40px}
.lcr-btn.secondary{background:var(--lc-brand-soft);color:var(--lc-brand-dark)}
.lcr-btn.danger{background:var(--danger)}
.lcr-btn.small{padding:4px 10px;min-height:30px;font-size:13px}
.lcr-btn:disabled{opacity:.5;cursor:default}
.lcr-card{border:1px solid var(--line);border-radius:10px;padding:10px 12px;margin:8px 0;background:#fff}
.lcr-card h3{margin:0 0 6px;font-size:15px}
.lcr-title{margin:0;font-size:15px;color:var(--ink)}
.lcr-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;margin:0}
.lcr-card p{margin:0 0 8px;color:var(--muted);font-size:14px}
.lcr-q .meta{font-size:12px;color:var(--muted)}
.lcr-q .ans{margin-top:6px;padding:6px 8px;border-left:3px solid var(--ok);background:#f3faf5;font-size:14px}
.lcr-opt{display:flex;align-items:center;gap:8px;padding:6px 0;font-size:15px}
.lcr-opt input{width:20px;height:20px}
.lcr-bar{position:relative;height:22px;background:#eef1f7;border-radius:6px;margin:4px 0;overflow:hidden;font-size:13px}
.lcr-bar i{position:absolute;left:0;top:0;bottom:0;background:#c9d7fb}
.lcr-bar span{position:relative;padding:0 8px;line-height:22px}
.lcr-row{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:6px 0}
.lcr-field{display:block;margin:6px 0}
.lcr-field span{display:block;font-size:13px;font-weight:600;margin-bottom:2px}
.lcr-field input,.lcr-field select{width:100%}
.lcr-toast{padding:6px 12px;font-size:13px;color:var(--danger);background:#fdecea}
.lcr-section{font-size:13px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:14px 0 4px}
.lcr-seg{display:inline-flex;border:1px solid var(--line);border-radius:8px;overflow:hidden}
.lcr-seg button{border:0;background:#fff;padding:6px 10px;font:inherit;font-size:13px;cursor:pointer}
.lcr-seg button[aria-pressed=true]{background:var(--brand);color:#fff}
`;

export function installStyles(): void {
  if (document.getElementById('lcr-styles')) return;
  const style = document.createElement('style');
  style.id = 'lcr-styles';
  // The shared design tokens come first, so the panel looks the same on any page that hosts it.
  style.textContent = tokensCss + css;
  document.head.append(style);
}
