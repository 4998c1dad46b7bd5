// Picks which of the app's two builds this page loads, before any of them is fetched
// (scripts/entries.mjs puts this into index.html with the built files' names):
// - the participant's phone entry (`participant`, a fraction of the size) for a participant's
//   link or the join page on a narrow screen, where the phone home is what a participant sees;
// - the full app (`kartenwand`) for everything else: the board list, a facilitator's or the
//   projector's link, a board kept only in this browser, wide screens, and a tab the phone
//   entry handed over to (src/entry.rs).
// A classic script at the top of <head>: it runs while the page is parsed, before the style
// sheets arrive (a module script would wait for them), so the chosen build starts to download
// at once; the app starts once the page is parsed.
//
// A newcomer with a participant's link (or a join code) is asked for their name before the
// app has arrived: the name dialog needs nothing of the app, so it opens as soon as the page
// and its style sheets are there, and the app downloads while they type (issue 15). The app
// takes the answer from `window.kartenwandName` (src/wall/early_name.rs), at its start or,
// if it started first, at the `kartenwand:name` event; the name is kept in this browser as
// the app keeps it (src/storage/prefs.rs).
(() => {
  const FULL = { js: '@FULL_JS@', wasm: '@FULL_WASM@' };
  const PARTICIPANT = { js: '@PARTICIPANT_JS@', wasm: '@PARTICIPANT_WASM@' };
  // The name dialog's texts per language, from src/i18n.rs (NameDialog's keys).
  const NAME_TEXTS = @NAME_TEXTS@;
  // Below this width a participant gets the phone home (src/phone/mod.rs, NARROW).
  const NARROW = 600;
  // How long the name dialog waits for the server's answer about the link.
  const CHECK_WAIT_MS = 3000;

  /** The role a token names (`{role}.{signature}`, board/src/access.rs); unknown reads as participant. */
  const roleOf = (token) => {
    const prefix = token.split('.')[0];
    return prefix === 'facilitator' || prefix === 'viewer' ? prefix : 'participant';
  };

  function handedOver() {
    try {
      if (sessionStorage.getItem('kartenwand.entry') === 'full') return true;
    } catch {
      // Storage blocked: the address says it instead (src/entry.rs).
    }
    return new URLSearchParams(location.search).get('app') === 'full';
  }

  /** A value the app keeps in localStorage (gloo's JSON encoding), if readable. */
  function stored(key) {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  }

  /** The token this browser keeps for a board (src/storage/index.rs), if any. */
  function storedToken(board) {
    const boards = stored('kartenwand.boards')?.boards;
    return Array.isArray(boards) ? boards.find((b) => b?.id === board)?.token : undefined;
  }

  const path = location.pathname.replace(/\/+$/, '');

  // Joining by a code: `/j` (the code typed on the page) or `/j/{code}` (from the address).
  const joining = /^\/j(?:\/([^/]+))?$/i.exec(path);

  /** Whether this page is a participant's link to a board (no stronger token here either). */
  function participantsBoard() {
    const board = /^\/b\/([^/]+)$/.exec(path);
    if (!board) return false;
    const link = location.hash.startsWith('#t=') ? decodeURIComponent(location.hash.slice(3)) : '';
    const tokens = [link, storedToken(board[1])].filter(Boolean);
    // A link never downgrades a device: any stronger token keeps the full app.
    return tokens.length > 0 && tokens.every((token) => roleOf(token) === 'participant');
  }
  const participants = joining !== null || participantsBoard();

  function participantPage() {
    return !handedOver() && innerWidth < NARROW && participants;
  }

  /** Whether the page asks for a name before the app runs: a participant without one yet. */
  function asksName() {
    const name = stored('kartenwand.nickname');
    const known = typeof name === 'string' && name.trim();
    // `/j` alone asks for the code first.
    return !known && participants && !(joining && !joining[1]);
  }

  // Answers fetched here that the app takes instead of asking the server again
  // (src/sync/api.rs), by absolute address and authorization.
  const early = {};
  window.kartenwandEarly = early;

  /** GET `path` (with `token` as bearer), kept for the app; its status, 0 if none came. */
  async function askServer(path, token) {
    const url = new URL(path, location.href).href;
    const authorization = token ? `Bearer ${token}` : '';
    // As long as the app would wait (CREATE_TIMEOUT_MS in src/sync/api.rs).
    const signal = AbortSignal.timeout?.(8000);
    const answer = fetch(url, { headers: authorization ? { authorization } : {}, signal });
    early[`${url} ${authorization}`] = answer;
    try {
      return (await answer).status;
    } catch {
      return 0;
    }
  }

  /**
   * Whether the link leads anywhere, asked as the app asks (src/wall/link_check.rs,
   * src/home/join_form.rs): a board that does not exist, a broken token or an unknown code
   * gets the app's message, never a name dialog. No answer (offline) counts as working, as
   * in the app.
   */
  async function linkWorks() {
    const code = joining?.[1];
    if (code) {
      const typed = decodeURIComponent(code).replace(/[\s-]/g, '').toUpperCase();
      if (!/^[0-9A-Z]{6}$/.test(typed)) return false;
      return (await askServer(`/api/join/${encodeURIComponent(typed)}`)) !== 404;
    }
    const board = /^\/b\/([^/]+)$/.exec(path);
    if (!board || !location.hash.startsWith('#t=')) return true;
    const token = decodeURIComponent(location.hash.slice(3));
    const status = await askServer(`/api/boards/${encodeURIComponent(decodeURIComponent(board[1]))}/access`, token);
    return ![401, 403, 404].includes(status);
  }

  /** The interface's language as the app picks it (src/app.rs, src/i18n.rs). */
  function language() {
    const chosen = stored('kartenwand.language');
    if (chosen in NAME_TEXTS) return chosen;
    for (const lang of navigator.languages ?? []) {
      const code = lang.slice(0, 2);
      if (code in NAME_TEXTS) return code;
    }
    return 'de';
  }

  const parsed = new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', resolve, { once: true });
  });

  /** Resolves once every style sheet of the page has arrived (or failed). */
  async function styled() {
    await parsed;
    const sheets = [...document.querySelectorAll('link[rel=stylesheet]')].filter((l) => !l.sheet);
    await Promise.all(sheets.map((link) => new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    })));
  }

  /** Element `tag` with `attrs` and `children` (texts or elements). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === true) node.setAttribute(key, '');
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  /**
   * The name dialog as the app draws it (src/wall/name_dialog.rs, the same classes), open
   * once the page is styled; resolves when it takes input. Its answer goes to
   * `window.kartenwandName` and the `kartenwand:name` event.
   */
  async function askName() {
    const answer = { state: 'checking' };
    window.kartenwandName = answer;
    // A server slow to answer does not hold the dialog (nor the app's download) back for
    // long: then the app says what the answer was, as it does without this dialog.
    const checked = Promise.race([linkWorks(), new Promise((resolve) => setTimeout(resolve, CHECK_WAIT_MS, true))]);
    const [works] = await Promise.all([checked, styled()]);
    if (!works) {
      answer.state = 'not-asked';
      return;
    }
    answer.state = 'open';
    document.documentElement.dataset.earlyName = 'open';
    const lang = language();
    const texts = NAME_TEXTS[lang];
    const input = el('input', {
      type: 'text', maxlength: '60', required: true, autofocus: true, autocomplete: 'nickname',
      placeholder: texts.placeholder, pattern: '.*\\S.*',
    });
    const listed = el('input', { type: 'checkbox' });
    const form = el('form', { class: 'stack' },
      el('p', { class: 'muted' }, texts.help),
      el('label', { class: 'field' }, el('span', {}, texts.label), input),
      el('label', { class: 'check' }, listed, el('span', {}, texts.listed)),
      el('div', { class: 'modal-actions' }, el('button', { type: 'submit', class: 'button button--primary' }, texts.join)));
    const dialog = el('dialog', { class: 'modal', 'aria-labelledby': 'early-name-title', lang },
      el('h2', { id: 'early-name-title', class: 'modal-title' }, texts.heading), form);
    const answered = (state) => {
      answer.state = state;
      document.documentElement.dataset.earlyName = state;
      dialog.remove();
      dispatchEvent(new Event('kartenwand:name'));
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      answer.name = input.value.trim();
      answer.listed = listed.checked;
      try {
        localStorage.setItem('kartenwand.nickname', JSON.stringify(answer.name));
      } catch {
        // Storage blocked or full: the app still takes the name for this visit.
      }
      answered('given');
    });
    // Escape closes it, as the app's own dialog: no name for now.
    dialog.addEventListener('cancel', () => answered('dismissed'));
    document.body.append(dialog);
    dialog.showModal();
    performance.mark('kartenwand:name-dialog');
  }

  async function start(entry, asking) {
    // Asked for a name first: nothing of the app is fetched before the dialog takes input,
    // and then the app downloads while the name is typed.
    if (asking) await asking;
    // The wasm downloads while the JS module loads (one round trip fewer on a slow network).
    const wasm = fetch(entry.wasm);
    const module = import(entry.js);
    const [{ default: init }] = await Promise.all([module, parsed]);
    await init({ module_or_path: wasm });
  }

  const entry = participantPage() ? PARTICIPANT : FULL;
  document.documentElement.dataset.entry = entry === FULL ? 'full' : 'participant';
  const asking = asksName() ? askName().catch((error) => console.error('kartenwand: no name dialog', error)) : null;
  start(entry, asking).catch((error) => {
    console.error('kartenwand: the app did not start', error);
    if (entry !== FULL) start(FULL);
  });
})();
