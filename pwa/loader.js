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
(() => {
  const FULL = { js: '@FULL_JS@', wasm: '@FULL_WASM@' };
  const PARTICIPANT = { js: '@PARTICIPANT_JS@', wasm: '@PARTICIPANT_WASM@' };
  // Below this width a participant gets the phone home (src/phone/mod.rs, NARROW).
  const NARROW = 600;

  /** The role a token names (`{role}.{signature}`, board/src/access.rs); unknown reads as participant. */
  const roleOf = (token) => {
    const prefix = token.split('.')[0];
    return prefix === 'facilitator' || prefix === 'viewer' ? prefix : 'participant';
  };

  /** The token this browser keeps for a board (src/storage/index.rs), if any. */
  function storedToken(board) {
    try {
      const index = JSON.parse(localStorage.getItem('kartenwand.boards') ?? '{}');
      return index.boards?.find((b) => b.id === board)?.token;
    } catch {
      return undefined;
    }
  }

  function handedOver() {
    try {
      if (sessionStorage.getItem('kartenwand.entry') === 'full') return true;
    } catch {
      // Storage blocked: the address says it instead (src/entry.rs).
    }
    return new URLSearchParams(location.search).get('app') === 'full';
  }

  function participantPage() {
    if (handedOver() || innerWidth >= NARROW) return false;
    const path = location.pathname.replace(/\/+$/, '');
    if (/^\/j(\/[^/]+)?$/i.test(path)) return true;
    const board = /^\/b\/([^/]+)$/.exec(path);
    if (!board) return false;
    const link = location.hash.startsWith('#t=') ? decodeURIComponent(location.hash.slice(3)) : '';
    const tokens = [link, storedToken(board[1])].filter(Boolean);
    // A link never downgrades a device: any stronger token keeps the full app.
    return tokens.length > 0 && tokens.every((token) => roleOf(token) === 'participant');
  }

  const parsed = new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', resolve, { once: true });
  });

  async function start(entry) {
    // The wasm downloads while the JS module loads (one round trip fewer on a slow network).
    const wasm = fetch(entry.wasm);
    const module = import(entry.js);
    const [{ default: init }] = await Promise.all([module, parsed]);
    await init({ module_or_path: wasm });
  }

  const entry = participantPage() ? PARTICIPANT : FULL;
  document.documentElement.dataset.entry = entry === FULL ? 'full' : 'participant';
  start(entry).catch((error) => {
    console.error('kartenwand: the app did not start', error);
    if (entry !== FULL) start(FULL);
  });
})();
