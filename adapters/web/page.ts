import { createHash } from 'node:crypto';
import { MAX_TEXT } from '../../src/chat/bot.ts';
import type { Lang } from '../../src/chat/model.ts';

/** The web chat page: plain HTML, CSS and a small script; replies arrive as escaped HTML fragments. */
export const CHAT_PAGE = `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IT-Bot · Web-Chat</title>
<style>
  :root { --accent:#0b5cad; --bg:#f4f6f9; --card:#fff; --muted:#5f6b7a; }
  * { box-sizing:border-box; }
  body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:#1d2530; }
  header { background:var(--accent); color:#fff; padding:10px 16px; display:flex; gap:16px; align-items:center; flex-wrap:wrap; }
  header h1 { font-size:18px; margin:0; flex:1; }
  header select { font:inherit; padding:4px 6px; border-radius:6px; border:0; max-width:340px; }
  header a { color:#fff; }
  main { max-width:860px; margin:0 auto; padding:12px 16px 96px; }
  #log, #log > div { display:flex; flex-direction:column; gap:10px; }
  .msg { display:flex; }
  .msg.user { justify-content:flex-end; }
  .msg.user .bubble { background:var(--accent); color:#fff; border-radius:14px 14px 2px 14px; padding:8px 12px; max-width:70%; white-space:pre-wrap; overflow-wrap:anywhere; }
  .msg.bot .card, .msg.push .card { background:var(--card); border-radius:12px; padding:10px 14px; box-shadow:0 1px 3px rgba(0,0,0,.12); max-width:92%; overflow-wrap:anywhere; }
  .msg.push .card { border-left:4px solid #e0a100; }
  .card h3 { margin:2px 0 6px; font-size:16px; }
  .card p { margin:6px 0; overflow-wrap:anywhere; }
  .card p a, .fields dd a { color:var(--accent); }
  .card a .nw { white-space:nowrap; } .links a { overflow-wrap:anywhere; }
  .card p.muted { color:var(--muted); font-size:13px; }
  .fields { display:grid; grid-template-columns:repeat(auto-fill,minmax(220px,1fr)); gap:4px 16px; margin:6px 0; }
  .fields dd { overflow-wrap:anywhere; }
  .fields dt { font-size:12px; color:var(--muted); } .fields dd { margin:0 0 4px; }
  .badges { display:flex; gap:6px; flex-wrap:wrap; margin:4px 0; }
  .badge { font-size:12px; border-radius:10px; padding:1px 8px; background:#e6eefb; }
  .badge-new { background:#d9f5de; } .badge-warning { background:#fff0c2; } .badge-danger { background:#ffd9d9; }
  .actions { display:flex; gap:6px; flex-wrap:wrap; margin-top:8px; }
  .btn { font:inherit; font-size:14px; border:1px solid #c5cdd8; background:#fff; border-radius:8px; padding:4px 10px; cursor:pointer; color:#1d2530; text-decoration:none; }
  .btn:hover { background:#eef3fa; } .btn-primary { background:var(--accent); border-color:var(--accent); color:#fff; } .btn-danger { border-color:#c62828; color:#c62828; }
  .btn[disabled] { opacity:.5; cursor:default; }
  .links { margin:6px 0; } .links a { color:var(--accent); }
  .card img { max-width:100%; }
  fieldset { border:0; padding:0; margin:8px 0; } legend { font-weight:600; padding:0; }
  .opts { display:flex; flex-wrap:wrap; gap:4px 14px; }
  .opt { display:inline-flex; align-items:baseline; gap:4px; max-width:100%; overflow-wrap:anywhere; }
  textarea { width:100%; min-height:60px; font:inherit; }
  .req { color:#c62828; }
  form#ask { position:fixed; bottom:0; left:0; right:0; background:#fff; border-top:1px solid #d8dee6; padding:10px 16px; display:flex; gap:8px; justify-content:center; }
  form#ask textarea { flex:1; width:auto; min-width:0; max-width:760px; min-height:0; max-height:40vh; resize:none; overflow-y:auto; font:inherit; line-height:1.4; padding:8px 10px; border:1px solid #c5cdd8; border-radius:8px; }
  form#ask button { font:inherit; padding:8px 16px; border:0; border-radius:8px; background:var(--accent); color:#fff; cursor:pointer; align-self:flex-end; }
  .sr-only { position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden; clip:rect(0,0,0,0); white-space:nowrap; border:0; }
  .hint { color:var(--muted); font-size:13px; }
</style>
</head>
<body>
<header>
  <h1>IT-Bot <span class="hint" style="color:#dfe9f7" id="title-hint">· Web-Chat</span></h1>
  <label><span id="who-label">Ich bin:</span>
    <select id="who"><option value="">Gast / guest</option></select>
  </label>
  <a href="/admin">Admin</a>
</header>
<main>
  <p class="hint" id="intro">Fragen Sie den IT-Bot, z. B. «hilfe», «Wie bekomme ich VPN?» oder «Wer ist meine IT-Ansprechperson?». / Ask e.g. "help" or "who is my IT contact?".</p>
  <div id="log"><div id="earlier"></div><div id="live" aria-live="polite"></div></div>
</main>
<form id="ask" autocomplete="off">
  <textarea id="text" name="text" rows="1" enterkeyhint="send" placeholder="Ihre Frage" aria-label="Ihre Frage an den IT-Bot" aria-describedby="text-keys"></textarea>
  <span id="text-keys" class="sr-only">Eingabetaste sendet, Umschalt+Eingabetaste beginnt eine neue Zeile.</span>
  <button type="submit" id="send">Senden</button>
</form>
<script>
(() => {
  const log = document.getElementById('log');
  // (what a screen reader announces: the messages that come while the page is open, not those of
  // before that the page shows when it opens or another person is picked, which would be read all at once)
  const earlier = document.getElementById('earlier');
  const live = document.getElementById('live');
  const who = document.getElementById('who');
  const input = document.getElementById('text');
  const form = document.getElementById('ask');
  let after = -1;
  const params = new URLSearchParams(location.search);
  // (ITBOT_LANG, as the server wrote it into the page)
  const DEFAULT_LANG = document.documentElement.lang === 'en' ? 'en' : 'de';
  // (the browser's language, the first of its languages the bot speaks: sent with each message and
  // click as Teams and Slack send their client's locale, and the page's language for a guest)
  function langOfLocale(l) { l = String(l || '').toLowerCase(); return l.startsWith('de') || l.startsWith('gsw') ? 'de' : l.startsWith('en') ? 'en' : null; }
  const LOCALE = ((navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]).find(langOfLocale)) || undefined;
  // (the question field grows with its lines, up to a part of the screen, then scrolls; the log keeps clear of it)
  function fit() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, Math.round(window.innerHeight * 0.4)) + 'px';
    document.querySelector('main').style.paddingBottom = (form.offsetHeight + 24) + 'px';
  }
  function setText(text) { input.value = text; fit(); }
  function id() { return (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random(); }
  function scroll() { window.scrollTo(0, document.body.scrollHeight); }
  function addUser(text) {
    const d = document.createElement('div'); d.className = 'msg user';
    const b = document.createElement('div'); b.className = 'bubble'; b.textContent = text; d.appendChild(b);
    live.appendChild(d); scroll();
  }
  function addBot(html, cls, into) {
    const d = document.createElement('div'); d.className = 'msg ' + (cls || 'bot'); d.innerHTML = html;
    (into || live).appendChild(d); scroll(); return d;
  }
  // (a reply that replaces the clicked card takes its place, as Slack and Teams update the message:
  // the card's buttons are gone, so "Erledigt" cannot be followed by "Auslassen" on the same card)
  // (true when it took the card's place)
  function show(r, card) {
    if (r.replace && card && card.isConnected) { card.innerHTML = r.html; return true; }
    addBot(r.html);
    return false;
  }
  // (the server refuses a body beyond its limit before anyone reads it: the page says so in the person's language)
  const TOO_LARGE = {
    de: 'Ihre Nachricht ist zu lang und wurde nicht gesendet. Bitte fassen Sie sich kürzer.',
    en: 'Your message is too long and was not sent. Please make it shorter.',
  };
  // (longer than the bot reads: said before anything is sent, and the text stays in the field to shorten;
  // the field itself has no limit, which would cut a long paste without a word)
  const MAX_TEXT = ${MAX_TEXT};
  const TOO_LONG = {
    de: 'Ihre Nachricht ist zu lang ({length} Zeichen, höchstens {max}) und wurde nicht gesendet. Bitte fassen Sie Ihre Frage kürzer.',
    en: 'Your message is too long ({length} characters, at most {max}) and was not sent. Please ask in fewer words.',
  };
  // (a server that is restarting or stopped, or a proxy's error page: the person is told, and can try again)
  const UNREACHABLE = {
    de: 'Der IT-Bot ist im Moment nicht erreichbar, darum ist Ihre Nachricht nicht angekommen. Bitte versuchen Sie es gleich nochmals.',
    en: 'The IT bot cannot be reached at the moment, so your message did not arrive. Please try again shortly.',
  };
  // (a failure on the server's side, a database another process keeps locked: its JSON says "internal
  // error" in English; the person is told in their language, and can try again)
  const FAILED = {
    de: 'Der IT-Bot konnte Ihre Nachricht gerade nicht bearbeiten (ein Fehler auf seiner Seite). Bitte versuchen Sie es gleich nochmals; bleibt der Fehler, melden Sie ihn dem IT-Helpdesk.',
    en: 'The IT bot could not handle your message just now (a fault on its side). Please try again shortly; if it keeps failing, tell the IT helpdesk.',
  };
  // (the server refused the request: a host name or page it does not answer for (403), a request it
  // cannot read (400); its JSON says why in English for the operator, the person is told in their language)
  const REFUSED = {
    de: 'Der IT-Bot hat Ihre Nachricht nicht angenommen: Der Web-Chat antwortet nur auf seiner eigenen Seite auf diesem Rechner (z. B. http://localhost:{port}/). Bitte öffnen Sie ihn dort neu.',
    en: 'The IT bot did not take your message: the web chat answers only on its own page on this computer (e.g. http://localhost:{port}/). Please open it there again.',
  };
  const UNREADABLE = {
    de: 'Der IT-Bot konnte Ihre Nachricht nicht lesen und hat sie nicht bearbeitet. Bitte laden Sie die Seite neu und versuchen Sie es nochmals.',
    en: 'The IT bot could not read your message and did not handle it. Please reload the page and try again.',
  };
  function esc(s) { return s.replace(/[&<>]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;'})[c]); }
  function notice(words, vars) {
    let text = words[document.documentElement.lang === 'en' ? 'en' : 'de'];
    for (const k in vars || {}) text = text.split('{' + k + '}').join(String(vars[k]));
    return '<div class="card"><p>' + esc(text) + '</p></div>';
  }
  // (which person's conversation the log shows: a reply or an inbox read that comes back after
  // another person was picked belongs to the one picked before, and is not shown)
  let shown = 0;
  // ({ replies }, or { notice } saying why nothing was answered)
  async function post(url, body) {
    let r;
    try {
      r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch {
      return { notice: notice(UNREACHABLE) };
    }
    if (r.status === 413) return { notice: notice(TOO_LARGE) };
    if (r.status >= 500) return { notice: notice(r.status === 502 || r.status === 503 || r.status === 504 ? UNREACHABLE : FAILED) };
    if (r.status === 403) return { notice: notice(REFUSED, { port: location.port || (location.protocol === 'https:' ? '443' : '80') }) };
    if (r.status >= 400 && r.status < 500) return { notice: notice(UNREADABLE) };
    const j = await r.json().catch(() => null);
    if (!r.ok || !j) return { notice: notice(UNREACHABLE) };
    return { replies: j.replies || [] };
  }
  async function send(text) {
    const turn = shown;
    addUser(text);
    const res = await post('/web/message', { as: who.value, text, eventId: id(), locale: LOCALE });
    if (turn !== shown) return;
    // (not answered: the text goes back into the field, so sending it again is one key)
    if (res.notice) { addBot(res.notice); if (!input.value) setText(text); return; }
    for (const r of res.replies) addBot(r.html);
  }
  // (false when nothing was answered: the button or form can then be used again; 'replaced' when
  // the answer took the card's place, else 'answered')
  // (el: the button or form clicked; card: the message it is on; one from the inbox names itself, so the
  // server replaces it there too; the language of its card goes with the click, which is answered in
  // it when the directory has none for the person, as the card was: not in the browser's language)
  async function act(actionId, value, values, el) {
    const turn = shown;
    const card = el.closest('.msg');
    const inbox = card && card.dataset.inbox ? Number(card.dataset.inbox) : undefined;
    const shownIn = el.closest('.card[lang]');
    const lang = shownIn && (shownIn.lang === 'de' || shownIn.lang === 'en') ? shownIn.lang : undefined;
    const res = await post('/web/action', { as: who.value, action: { id: actionId, value, values, lang }, eventId: id(), inbox, locale: LOCALE });
    if (turn !== shown) return 'answered';
    if (res.notice) { addBot(res.notice); return false; }
    let replaced = false;
    for (const r of res.replies) replaced = show(r, card) || replaced;
    // (a form that took the card's place, as the reason a Skip asks for: the keyboard goes on in its
    // first field, unless the person has gone on elsewhere meanwhile)
    const field = replaced ? card.querySelector('form[data-form] textarea, form[data-form] input') : null;
    const a = document.activeElement;
    if (field && (!a || a === document.body || card.contains(a) || (a === input && !input.value))) field.focus();
    return replaced ? 'replaced' : 'answered';
  }
  document.getElementById('ask').addEventListener('submit', (e) => {
    e.preventDefault(); const t = input.value.trim(); if (!t) return;
    if (t.length > MAX_TEXT) { addBot(notice(TOO_LONG, { length: t.length, max: MAX_TEXT })); input.focus(); return; }
    setText(''); send(t);
  });
  // (Enter sends, Shift+Enter makes a new line, as in Slack and Teams; a pasted text keeps its lines.
  // Enter that ends an input method's composition only confirms the word.)
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    form.requestSubmit();
  });
  input.addEventListener('input', fit);
  window.addEventListener('resize', fit);
  // (a clicked button is disabled, which drops the keyboard focus to the top of the page: it goes to the question field instead)
  function keepFocus(el) { const a = document.activeElement; if (!a || a === document.body || a === el) input.focus({ preventScroll: true }); }
  log.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]'); if (!b || b.type === 'submit') return;
    b.disabled = true; keepFocus(b);
    act(b.dataset.action, b.dataset.value, undefined, b).then((ok) => { if (!ok) b.disabled = false; });
  });
  log.addEventListener('submit', (e) => {
    const f = e.target.closest('form[data-form]'); if (!f) return; e.preventDefault();
    const values = {};
    for (const el of f.elements) {
      if (!el.name) continue;
      if (el.type === 'checkbox') { if (el.checked) (values[el.name] = values[el.name] || []).push(el.value); else values[el.name] = values[el.name] || []; }
      else if (el.type === 'radio') { if (el.checked) values[el.name] = el.value; }
      else values[el.name] = el.value;
    }
    const submit = f.querySelector('button[type=submit]'); submit.disabled = true; keepFocus(submit);
    // (a form still there after its answer can be sent again: the answer may have refused it, a Skip
    // without a reason, and a form nobody can send again would leave the card stuck)
    act(f.dataset.action, f.dataset.value, values, f).then((r) => { if (r !== 'replaced') submit.disabled = false; });
  });
  async function poll() {
    try {
      const turn = shown;
      // (the first read after a person is picked: their newest messages, wherever the inbox stands)
      const first = after < 0;
      const r = await fetch('/web/inbox?as=' + encodeURIComponent(who.value) + (first ? '&recent=20' : '&after=' + after));
      const j = r.ok ? await r.json() : null;
      if (j && turn === shown) { for (const m of j.messages) { addBot(m.html, 'push', first ? earlier : live).dataset.inbox = m.id; after = Math.max(after, m.id); } if (j.last) after = Math.max(after, j.last); }
    } catch {}
    setTimeout(poll, 2000);
  }
  // (the page speaks the language the bot answers the person picked in: the directory's, else the
  // browser's, else the one their chat client had last (when the browser's is neither German nor
  // English), else ITBOT_LANG; a guest: the browser's, else ITBOT_LANG)
  const langOf = {};
  const clientLangOf = {};
  function pageLang() { return langOf[who.value] || langOfLocale(LOCALE) || clientLangOf[who.value] || DEFAULT_LANG; }
  // (each person as "Name (department, language[, VIP])" in the page's language: "Logistik, Deutsch", "Logistics, German")
  const LANGUAGE = { de: { de: 'Deutsch', en: 'Englisch' }, en: { de: 'German', en: 'English' } };
  const GUEST = { de: 'Gast', en: 'Guest' };
  const people = [];
  function label(p, lang) {
    const dept = p.departmentName ? p.departmentName[lang] : p.department;
    const parts = [dept || '-', LANGUAGE[lang][p.language] || p.language || '-'];
    if (p.vip) parts.push('VIP');
    return p.name + ' (' + parts.join(', ') + ')';
  }
  const INTRO = {
    de: 'Fragen Sie den IT-Bot, z. B. «hilfe», «Wie bekomme ich VPN?» oder «Wer ist meine IT-Ansprechperson?».',
    en: 'Ask the IT bot, e.g. "help", "How do I get VPN?" or "Who is my IT contact?".',
  };
  function speak() {
    const lang = pageLang() === 'en' ? 'en' : 'de';
    document.title = lang === 'en' ? 'IT bot · Web chat' : 'IT-Bot · Web-Chat';
    document.getElementById('title-hint').textContent = lang === 'en' ? '· Web chat' : '· Web-Chat';
    document.getElementById('intro').textContent = INTRO[lang];
    document.getElementById('who-label').textContent = lang === 'en' ? 'I am:' : 'Ich bin:';
    who.options[0].textContent = GUEST[lang];
    for (const p of people) p.option.textContent = label(p, lang);
    document.documentElement.lang = lang;
    document.getElementById('send').textContent = lang === 'en' ? 'Send' : 'Senden';
    input.placeholder = lang === 'en' ? 'Your question' : 'Ihre Frage';
    input.setAttribute('aria-label', lang === 'en' ? 'Your question to the IT bot' : 'Ihre Frage an den IT-Bot');
    document.getElementById('text-keys').textContent = lang === 'en' ? 'Enter sends, Shift+Enter starts a new line.' : 'Eingabetaste sendet, Umschalt+Eingabetaste beginnt eine neue Zeile.';
  }
  fetch('/web/people').then((r) => r.json()).then((j) => {
    for (const p of j.people) {
      if (p.language) langOf[p.email] = p.language;
      if (p.clientLanguage) clientLangOf[p.email] = p.clientLanguage;
      const o = document.createElement('option'); o.value = p.email;
      who.appendChild(o);
      people.push(Object.assign({}, p, { option: o }));
    }
    // (the person of the link or of the last visit, found in the directory whatever the case of the
    // address; one no longer in it (left, a typo, another database) is not shown as an empty picker
    // while the bot answers a guest: the page speaks as the guest, and forgets them)
    const want = String(params.get('as') || localStorage.getItem('itbot-as') || '').toLowerCase();
    const found = want ? people.find((p) => p.email.toLowerCase() === want) : undefined;
    who.value = found ? found.email : '';
    if (want && !found) localStorage.removeItem('itbot-as');
    speak();
    poll();
  });
  who.addEventListener('change', () => { localStorage.setItem('itbot-as', who.value); shown++; earlier.innerHTML = ''; live.innerHTML = ''; after = -1; speak(); });
  speak();
  fit();
  input.focus();
})();
</script>
</body>
</html>
`;

/** The chat page as served: its `lang` is ITBOT_LANG, the page's language when neither the directory nor the browser gives one. */
export function chatPage(lang: Lang): string {
  return CHAT_PAGE.replace('<html lang="de">', `<html lang="${lang === 'en' ? 'en' : 'de'}">`);
}

/** The hash of the page's one inline script: the only script the page's Content-Security-Policy lets run. */
const SCRIPT = /<script>([\s\S]*?)<\/script>/.exec(CHAT_PAGE)![1]!;
const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SCRIPT, 'utf8').digest('base64')}'`;

/**
 * The chat page's Content-Security-Policy: its own script only, requests to this server only,
 * images from this server, data: (charts) or the web (catalog images), no frames, no plugins.
 */
export const CHAT_CSP = [
  "default-src 'none'",
  `script-src ${SCRIPT_HASH}`,
  "style-src 'unsafe-inline'",
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
