// A stock y-websocket participant in a room whose facilitator is online in the app. A stock
// WebsocketProvider relays every awareness state it receives, the facilitator's included;
// the server once took that for a participant claiming the facilitator's role and closed the
// connection (4403). The relay must be ignored, a real forgery still refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import { card, createBoard, inviteLink } from './steps.mjs';
import { stockClient, synced, until, writeCard } from '../interop/yjs.mjs';

const env = serverAndBrowser();

/** The facilitator's awareness state as a stock client holds it: [clock, state] or undefined. */
function facilitatorState(client) {
  const { awareness } = client.provider;
  for (const [id, state] of awareness.getStates()) {
    if (state?.user?.role === 'facilitator') return [awareness.meta.get(id)?.clock, state];
  }
  return undefined;
}

test('a stock client stays in the room across the facilitator’s presence renewals', async () => {
  const context = await newContext(env.browser, 'desktop');
  const page = await context.newPage();
  const errors = watchErrors(page);
  await createBoard(page, env.server.url, 'Mit Yjs', { name: 'Moderation' });
  const link = new URL(await inviteLink(page));
  const boardId = link.pathname.split('/').pop();
  const token = new URLSearchParams(link.hash.slice(1)).get('t');

  const yjs = stockClient(env.server, boardId, token);
  yjs.provider.messageHandlers[100] = () => {};
  await synced(yjs);
  const { awareness } = yjs.provider;
  await until(() => facilitatorState(yjs) !== undefined, [awareness], {
    what: 'the facilitator’s presence', names: ['change', 'update'],
  });
  const [first] = facilitatorState(yjs);
  // y-protocols renews a state every 15 s; the stock client relays each renewal it receives.
  await until(() => (facilitatorState(yjs)?.[0] ?? 0) > first, [awareness], {
    what: 'a renewal of the facilitator’s presence', names: ['change', 'update'], timeoutMs: 40_000,
  });
  assert.deepEqual(yjs.events.filter((e) => e.type === 'close' || e.type === 'closed'), [],
    'the stock client was never disconnected');
  writeCard(yjs.doc, { text: 'Von einem Yjs-Client', x: 200, y: 200 });
  await card(page, 'Von einem Yjs-Client').waitFor();

  // A stock client that sets a facilitator state of its own is still refused.
  const forger = stockClient(env.server, boardId, token);
  forger.provider.messageHandlers[100] = () => {};
  await synced(forger);
  forger.provider.awareness.setLocalState({ user: { name: 'Falsch', role: 'facilitator' } });
  await until(() => forger.events.some((e) => e.type === 'close' && e.code === 4403), [forger.provider], {
    what: 'the forger closed with 4403',
  });
  assert.deepEqual(yjs.events.filter((e) => e.type === 'close' || e.type === 'closed'), []);
  assert.deepEqual(errors, []);
  forger.destroy();
  yjs.destroy();
  await context.close();
});
