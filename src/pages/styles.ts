import { tokensCss } from '../../web/shared/tokens.js';
import { SafeHtml } from './html.js';

/**
 * The audience pages' CSS, inlined so the landing page renders in one round trip and
 * works without JavaScript. Mobile first; wider screens put the cover beside the title
 * (so title, time and call to action share the first screen with it) and the form beside
 * the content.
 */
export const pageCss = new SafeHtml(`
*,*::before,*::after{box-sizing:border-box}
${tokensCss}
:root{--ink:var(--lc-ink);--muted:var(--lc-muted);--line:var(--lc-line);--brand:var(--lc-brand);--brand-ink:var(--lc-brand-ink);--bg:var(--lc-bg);--card:var(--lc-surface);--danger:var(--lc-danger);--ok:var(--lc-success);--tint:var(--lc-brand-soft)}
body{margin:0;font:16px/1.55 var(--lc-font);color:var(--ink);background:var(--bg)}
a{color:var(--brand)}
img{max-width:100%;display:block}
picture{display:contents}
.wrap{max-width:1080px;margin:0 auto;padding:0 16px}
.org{background:var(--card);border-bottom:1px solid var(--line)}
.org-in{display:flex;align-items:center;gap:10px;min-height:48px}
.org img{height:32px;width:auto}
.org-name{font-weight:600}
.hero{background:var(--card);border-bottom:1px solid var(--line)}
.hero-in{padding-top:0;padding-bottom:20px}
.cover{width:calc(100% + 32px);max-width:none;margin:0 -16px;height:auto;max-height:40vh;object-fit:contain;background:#dfe3ee}
.hero-body{padding-top:16px}
.badge{display:inline-block;font-size:13px;font-weight:600;padding:2px 10px;border-radius:99px;background:var(--tint);color:var(--brand)}
.badge.live{background:#fde8e8;color:#b71c1c}
h1{font-size:26px;line-height:1.25;margin:8px 0}
h2{font-size:20px;margin:0 0 12px}
h3{font-size:inherit;margin:0}
.when{margin:0 0 10px;font-size:17px;font-weight:600}
.when .local{display:block;font-size:15px;font-weight:400;color:var(--muted)}
.muted{color:var(--muted);font-size:14px}
.countdown{display:inline-block;margin:0 0 14px;padding:6px 12px;border-radius:8px;background:var(--tint);color:var(--brand);font-size:18px;font-weight:700;font-variant-numeric:tabular-nums}
.cta-row{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
.btn{display:inline-block;border:0;border-radius:8px;background:var(--brand);color:var(--brand-ink);font:inherit;font-size:17px;font-weight:600;line-height:1.4;padding:12px 22px;text-decoration:none;cursor:pointer;text-align:center}
.btn.secondary{background:var(--tint);color:var(--brand)}
.btn.block{display:block;width:100%}
.addcal{position:relative}
.addcal summary{list-style:none}.addcal summary::-webkit-details-marker{display:none}
.addcal ul{position:absolute;z-index:2;margin:6px 0 0;padding:6px 0;list-style:none;background:var(--card);border:1px solid var(--line);border-radius:8px;box-shadow:0 6px 20px rgba(20,30,60,.12);min-width:230px}
.addcal li a{display:block;padding:10px 14px;text-decoration:none}
.addcal li a:hover,.addcal li a:focus{background:var(--tint)}
.grid{display:grid;gap:20px;padding-top:20px;padding-bottom:40px}
.content{display:grid;gap:20px;align-content:start}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px}
.about{margin:0;white-space:pre-line}
.speakers{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:14px;list-style:none;margin:0;padding:0}
.speaker{display:flex;gap:12px;align-items:flex-start}
.speaker img,.avatar{width:64px;height:64px;border-radius:50%;object-fit:cover;flex:none;background:#dfe3ee}
.avatar{display:flex;align-items:center;justify-content:center;font-weight:700;color:var(--muted)}
.speaker .name{font-weight:600}
.speaker .bio{margin:4px 0 0}
.speaker .tier{font-size:12px;color:var(--brand);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.zone-note{margin:-6px 0 8px}
.agenda{list-style:none;margin:0;padding:0}
.agenda li{display:grid;grid-template-columns:minmax(96px,max-content) 1fr;gap:12px;padding:10px 0;border-top:1px solid var(--line)}
.agenda li:first-child{border-top:0}
.agenda li p{margin:2px 0 0}
.agenda time{white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted);font-size:14px}
.session{font-weight:600}
form .field{margin-bottom:14px}
label{display:block;font-weight:600;font-size:15px;margin-bottom:4px}
input[type=text],input[type=email],input[type=tel],select,textarea{width:100%;font:inherit;padding:11px 12px;border:1px solid #8d95a5;border-radius:8px;background:#fff}
input:focus{outline:2px solid var(--brand);outline-offset:1px}
.field.invalid input,.field.invalid select,.field.invalid textarea{border-color:var(--danger)}
fieldset.field{border:0;padding:0;margin:0 0 14px}fieldset.field legend{font-weight:600;font-size:15px;margin-bottom:4px;padding:0}
.choice{font-weight:400;display:flex;gap:8px;align-items:center;min-height:32px}.choice input{width:18px;height:18px}
.returning{font-size:14px;background:#f1f4fb;border-radius:8px;padding:8px 12px}
.error{color:var(--danger);font-size:14px;margin:4px 0 0}
.alert{border-radius:8px;padding:10px 12px;margin-bottom:14px;background:#fdecea;color:var(--danger)}
.alert p{margin:0}.alert ul{margin:6px 0 0;padding-left:20px}.alert a{color:var(--danger)}
.alert{scroll-margin:16px}.alert:focus{outline:2px solid var(--danger);outline-offset:2px}
.alert.ok{background:#e7f5ec;color:var(--ok)}
.consent{display:flex;gap:10px;align-items:flex-start}
.consent label{font-weight:400;font-size:14px;color:var(--muted);margin:0}
.consent input{margin-top:4px;width:18px;height:18px;flex:none}
.privacy{margin:6px 0 0 28px;font-size:14px}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.joinlink{display:flex;gap:8px;flex-wrap:wrap;align-items:center;word-break:break-all;background:#f1f4fb;border-radius:8px;padding:10px 12px;font-size:14px}
.joinlink span{font-family:ui-monospace,Menlo,monospace}.joinlink .btn{font-size:15px;padding:8px 14px}
.offer-list{list-style:none;margin:0;padding:0;display:grid;gap:14px}.offer h3{margin:0 0 4px}.offer p{margin:4px 0}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin-top:16px;align-items:flex-start}
.confirm{max-width:680px;padding-top:32px;display:grid;gap:20px}
.join-title{font-size:17px;margin:22px 0 8px}
.site-footer{text-align:center;color:var(--muted);font-size:13px;padding:24px 0 32px}
@media (min-width:720px){
  .hero-in{display:grid;grid-template-columns:minmax(0,11fr) minmax(0,9fr);gap:32px;align-items:center;padding-top:28px;padding-bottom:28px}
  .hero:not(.has-cover) .hero-in{grid-template-columns:1fr}
  .cover{width:100%;margin:0;border-radius:12px;max-height:min(62vh,520px)}
  .hero-body{padding-top:0}
}
@media (min-width:880px){
  h1{font-size:34px}
  .grid{grid-template-columns:minmax(0,1fr) 380px;align-items:start}
  .grid .side{grid-column:2;grid-row:1;position:sticky;top:16px}
  .grid .content{grid-column:1;grid-row:1}
}
/* promotion: share actions, invitation poster, referral gate (src/promotion/share.ts) */
.share-list{list-style:none;display:flex;flex-wrap:wrap;gap:8px 16px;padding:0;margin:12px 0 0}
.share-list a,.share-list summary{display:inline-block;padding:8px 0;min-height:44px;cursor:pointer;color:var(--brand)}
.wechat figure{margin:8px 0 0}
.poster-preview{width:min(240px,60vw);height:auto;border:1px solid var(--line);border-radius:8px;margin:8px 0}
.gate progress{width:100%;height:12px}
`);
