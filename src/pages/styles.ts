import { SafeHtml } from './html.js';

/**
 * The audience pages' CSS, inlined so the landing page renders in one round trip and
 * works without JavaScript. Mobile first; wider screens get two columns.
 */
export const pageCss = new SafeHtml(`
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1b1f2a;--muted:#5b6475;--line:#e3e6ee;--brand:#2756d8;--brand-ink:#fff;--bg:#f6f7fb;--card:#fff;--danger:#c62828;--ok:#1b7f3b}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--brand)}
img{max-width:100%;display:block}
.wrap{max-width:1080px;margin:0 auto;padding:0 16px}
.hero{background:var(--card);border-bottom:1px solid var(--line)}
.cover{aspect-ratio:16/9;width:100%;object-fit:cover;background:#dfe3ee}
.hero-body{padding-top:20px;padding-bottom:24px}
.badge{display:inline-block;font-size:13px;font-weight:600;padding:2px 10px;border-radius:99px;background:#e8eefc;color:var(--brand)}
.badge.live{background:#fde8e8;color:#c62828}
h1{font-size:26px;line-height:1.25;margin:10px 0 8px}
h2{font-size:20px;margin:0 0 12px}
.summary{color:var(--muted);margin:0 0 16px;white-space:pre-line}
.when{display:flex;flex-direction:column;gap:2px;margin:0 0 16px}
.when strong{font-size:17px}
.muted{color:var(--muted);font-size:14px}
.countdown{font-variant-numeric:tabular-nums;font-weight:600}
.btn{display:inline-block;border:0;border-radius:8px;background:var(--brand);color:var(--brand-ink);font-size:17px;font-weight:600;padding:12px 22px;text-decoration:none;cursor:pointer;text-align:center}
.btn.secondary{background:#e8eefc;color:var(--brand)}
.btn.block{display:block;width:100%}
.grid{display:grid;gap:20px;padding-top:20px;padding-bottom:40px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px}
.speakers{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:14px}
.speaker{display:flex;gap:12px;align-items:flex-start}
.speaker img,.avatar{width:64px;height:64px;border-radius:50%;object-fit:cover;flex:none;background:#dfe3ee}
.avatar{display:flex;align-items:center;justify-content:center;font-weight:700;color:var(--muted)}
.speaker .name{font-weight:600}
.speaker .tier{font-size:12px;color:var(--brand);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.agenda{list-style:none;margin:0;padding:0}
.agenda li{display:grid;grid-template-columns:minmax(96px,max-content) 1fr;gap:12px;padding:10px 0;border-top:1px solid var(--line)}
.agenda li:first-child{border-top:0}
.agenda time{white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted);font-size:14px}
.brief dt{font-weight:600;margin-top:10px}.brief dd{margin:2px 0 0;color:var(--muted);white-space:pre-line}
form .field{margin-bottom:14px}
label{display:block;font-weight:600;font-size:15px;margin-bottom:4px}
input[type=text],input[type=email],input[type=tel]{width:100%;font:inherit;padding:11px 12px;border:1px solid #c9cfdc;border-radius:8px;background:#fff}
input:focus{outline:2px solid var(--brand);outline-offset:1px}
.field.invalid input{border-color:var(--danger)}
.error{color:var(--danger);font-size:14px;margin-top:4px}
.alert{border-radius:8px;padding:10px 12px;margin-bottom:14px;background:#fdecea;color:var(--danger)}
.alert.ok{background:#e7f5ec;color:var(--ok)}
.consent{display:flex;gap:10px;align-items:flex-start;font-weight:400;font-size:14px;color:var(--muted)}
.consent input{margin-top:4px;width:18px;height:18px;flex:none}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.joinlink{display:flex;gap:8px;flex-wrap:wrap;align-items:center;word-break:break-all;background:#f1f4fb;border-radius:8px;padding:10px 12px;font-family:ui-monospace,Menlo,monospace;font-size:14px}
.actions{display:flex;flex-direction:column;gap:10px;margin-top:16px}
.site-footer{text-align:center;color:var(--muted);font-size:13px;padding:24px 0 32px}
@media (min-width:880px){
  h1{font-size:34px}
  .grid{grid-template-columns:minmax(0,1fr) 380px;align-items:start}
  .grid .side{position:sticky;top:16px}
  .actions{flex-direction:row}
}
`);
