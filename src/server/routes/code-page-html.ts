/**
 * The public page of a live code (/c/<slug>), rendered on the server as a small mobile-first HTML
 * page (no console bundle: it must open fast on a phone in WeChat), Chinese first, English with
 * ?lang=en or an English browser. Its one script (code-page.js) submits the threshold form.
 */
import type { Question, Threshold } from '../../acquisition/types.ts';

export type Lang = 'zh-CN' | 'en';

const T = {
  'zh-CN': {
    join: '加入群聊', add: '添加客服', scan: '长按或扫描二维码', openLink: '点击加入', full: '群已满，新群正在开设中，请稍后再来',
    staffFull: '今天的客服名额已满，请明天再来', paused: '此活码已暂停', expired: '此活码已过期', unknown: '找不到此活码',
    name: '称呼', submit: '提交', pending: '已提交，等待管理员审核。审核通过后重新打开本页即可入群。', rejected: '很抱歉，您的申请未通过。',
    poster: '请上传分享海报的截图', screenshot: '截图', approval: '入群需管理员审核，请填写以下信息', form: '入群前请填写以下信息',
    paid: '付费入群', price: '价格', buy: '去购买', paidPending: '付款确认后重新打开本页即可入群。', reserved: '名额为您保留 30 分钟', required: '必填',
  },
  en: {
    join: 'Join the group', add: 'Add our staff', scan: 'Scan or long-press the QR code', openLink: 'Open to join', full: 'All groups are full; a new one is opening, please come back soon',
    staffFull: "Today's staff slots are full, please come back tomorrow", paused: 'This code is paused', expired: 'This code has expired', unknown: 'No such code',
    name: 'Your name', submit: 'Submit', pending: 'Sent: waiting for an admin. Open this page again once approved to join.', rejected: 'Sorry, your request was not approved.',
    poster: 'Upload a screenshot of the poster you shared', screenshot: 'Screenshot', approval: 'An admin approves each newcomer: please tell us', form: 'Please answer before joining',
    paid: 'Paid group', price: 'Price', buy: 'Buy', paidPending: 'Open this page again once your payment is confirmed to join.', reserved: 'Your seat is held for 30 minutes', required: 'required',
  },
} as const;

export type Words = { [K in keyof (typeof T)['en']]: string };
export const words = (lang: Lang): Words => T[lang];

export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'zh-CN') return query;
  return /^en\b/i.test(acceptLanguage ?? '') ? 'en' : 'zh-CN';
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f3f5f8;color:#1f2329}
main{max-width:480px;margin:0 auto;padding:24px 16px}h1{font-size:22px;margin:8px 0 16px}.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 4px #0001}
.qr{display:block;margin:12px auto;width:220px;height:220px}.qr svg{width:100%;height:100%}.btn{display:block;width:100%;text-align:center;padding:12px;border-radius:8px;border:0;background:#1f6feb;color:#fff;font-size:17px;text-decoration:none;margin-top:12px}
label{display:block;margin:12px 0 4px;font-weight:600}input,select{width:100%;padding:10px;border:1px solid #8a8f99;border-radius:6px;font-size:16px}.muted{color:#4e5460;font-size:14px}.msg{padding:12px;border-radius:8px;background:#fff4e5;color:#5c3a00}`;

export function pageShell(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main><h1>${esc(title)}</h1>${body}</main><script src="/c/code-page.js" defer></script></body></html>`;
}

function questionField(q: Question, w: Words): string {
  const id = `q_${q.key}`;
  const input = q.options
    ? `<select id="${id}" name="${esc(q.key)}" ${q.required ? 'required' : ''}><option value=""></option>${q.options.map((o) => `<option>${esc(o)}</option>`).join('')}</select>`
    : `<input id="${id}" name="${esc(q.key)}" maxlength="500" ${q.required ? 'required' : ''}>`;
  return `<label for="${id}">${esc(q.label)}${q.required ? ` <span class="muted">(${w.required})</span>` : ''}</label>${input}`;
}

export function thresholdForm(slug: string, threshold: Threshold, w: Words, lang: Lang): string {
  const questions = threshold.kind === 'form' || threshold.kind === 'approval' ? threshold.questions : [];
  const intro = threshold.kind === 'form' ? w.form : threshold.kind === 'approval' ? w.approval : threshold.kind === 'poster' ? w.poster : w.paid;
  const extra = threshold.kind === 'poster'
    ? `${threshold.instructions ? `<p class="muted">${esc(threshold.instructions)}</p>` : ''}<label for="proof">${w.screenshot}</label><input id="proof" name="proof" type="file" accept="image/png,image/jpeg" required>`
    : threshold.kind === 'paid' ? `<p>${w.price}: ${(threshold.priceCents / 100).toFixed(2)} ${esc(threshold.currency)}</p>` : '';
  return `<div class="card"><p>${esc(intro)}</p><form id="entry" data-slug="${esc(slug)}" data-lang="${lang}">
<label for="name">${w.name}</label><input id="name" name="name" maxlength="60" required>${questions.map((q) => questionField(q, w)).join('')}${extra}
<button class="btn" type="submit">${threshold.kind === 'paid' ? w.buy : w.submit}</button><p id="error" class="msg" role="alert" hidden></p></form></div>`;
}

/** The page script: posts the form as JSON (with the CSRF cookie's token), then reloads or goes to the shop. */
export const PAGE_SCRIPT = `(function(){var f=document.getElementById('entry');if(!f)return;
function csrf(){var m=document.cookie.match(/(?:^|; )qy_csrf=([^;]+)/);return m?decodeURIComponent(m[1]):''}
function read(file){return new Promise(function(ok,no){var r=new FileReader();r.onload=function(){ok(String(r.result).split(',')[1])};r.onerror=no;r.readAsDataURL(file)})}
fetch('/api/public/codes/'+f.dataset.slug,{credentials:'same-origin'}).catch(function(){});
f.addEventListener('submit',function(e){e.preventDefault();var answers={},name='',proof=null,p=Promise.resolve();
Array.prototype.forEach.call(f.elements,function(el){if(!el.name)return;if(el.name==='name')name=el.value;else if(el.name==='proof'){var file=el.files&&el.files[0];if(file)p=read(file).then(function(b){proof={base64:b,type:file.type||'image/png'}})}else answers[el.name]=el.value});
p.then(function(){return fetch('/api/public/codes/'+f.dataset.slug+'/entries',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json','x-csrf-token':csrf()},body:JSON.stringify({name:name,answers:answers,proof:proof||undefined})})})
.then(function(r){return r.json().then(function(b){if(!r.ok)throw new Error(b.message||r.status);return b})})
.then(function(b){if(b.shopUrl)location.href=b.shopUrl;else location.reload()})
.catch(function(err){var el=document.getElementById('error');el.hidden=false;el.textContent=String(err.message||err)})});})();`;
