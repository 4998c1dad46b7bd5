// What a person does on Kartenwand, as reusable steps. Elements are found by role and
// accessible name, in German (the default language).
import { newContext, watchErrors } from './harness.mjs';

/**
 * Creates a board on the server from the start page and waits for the wall. A browser that
 * has never been on a board is asked for a name first: pass `name` to answer.
 */
export async function createBoard(page, url, title, { name } = {}) {
  await page.goto(url);
  await page.getByLabel('Titel der Wand').fill(title);
  await page.getByRole('button', { name: 'Wand anlegen' }).click();
  await page.getByRole('region', { name: `Wand: ${title}` }).waitFor();
  if (name) await enterName(page, name);
}

/** Waits until this page's edits are stored on the server (the sync badge says so). */
export const waitStored = (page) => page.waitForFunction(() => document.querySelector('.sync-badge')?.dataset.state === 'stored');

/** Answers the "what is your name?" dialog. */
export async function enterName(page, name) {
  const dialog = page.getByRole('dialog', { name: 'Wie heißt du?' });
  await dialog.getByLabel('Dein Name').fill(name);
  await dialog.getByRole('button', { name: 'Los geht’s' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Adds a card through the toolbar dialog. */
export async function addCard(page, text) {
  await page.getByRole('button', { name: 'Karte hinzufügen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Karte hinzufügen' });
  await dialog.getByLabel('Kartentext').fill(text);
  await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await card(page, text).waitFor();
}

/** Adds a cluster through the toolbar dialog. */
export async function addCluster(page, title) {
  await page.getByRole('button', { name: 'Rubrik hinzufügen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rubrik hinzufügen' });
  await dialog.getByLabel('Überschrift der Rubrik').fill(title);
  await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await cluster(page, title).waitFor();
}

/** A card anywhere on the wall. */
export const card = (page, text) => page.getByRole('listitem', { name: text, exact: true });

/** A cluster on the wall. */
export const cluster = (page, title) => page.getByRole('region', { name: `Rubrik: ${title}` });

/** A card inside a cluster's list. */
export const cardIn = (page, title, text) =>
  cluster(page, title).getByRole('list', { name: `Karten in ${title}` }).getByRole('listitem', { name: text, exact: true });

/** A free card (in no cluster). */
export const freeCard = (page, text) =>
  page.getByRole('list', { name: 'Freie Karten' }).getByRole('listitem', { name: text, exact: true });

/** Centre of an element on screen. */
export async function centre(locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one element's centre onto another's, in small steps. */
export async function mouseDrag(page, from, to, offset = { x: 0, y: 0 }) {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x + offset.x, b.y + offset.y, { steps: 12 });
  await page.mouse.up();
}

/** Drags with one finger (real touch events through the DevTools protocol). */
export async function touchDrag(page, from, to) {
  const a = await centre(from);
  const b = await centre(to);
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
  await touch('touchStart', a);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', { x: a.x + ((b.x - a.x) * i) / steps, y: a.y + ((b.y - a.y) * i) / steps });
  }
  await touch('touchEnd');
  await cdp.detach();
}

/** Reads an invitation link from the facilitator's share dialog (the participants' by default). */
export async function inviteLink(page, label = 'Link für Teilnehmende') {
  await boardMenu(page, 'Teilen');
  const share = page.getByRole('dialog', { name: 'Wand teilen' });
  const link = await share.getByLabel(label).inputValue();
  await share.getByRole('button', { name: 'Schließen' }).click();
  return link;
}

/** The join code the facilitator's share dialog shows; `renew` asks for a new one first. */
export async function joinCode(page, { renew = false } = {}) {
  await boardMenu(page, 'Teilen');
  const share = page.getByRole('dialog', { name: 'Wand teilen' });
  const code = share.getByRole('status', { name: 'Beitrittscode' });
  await code.waitFor();
  let value = (await code.textContent()).trim();
  if (renew) {
    await share.getByRole('button', { name: 'Neuen Code erzeugen' }).click();
    await page.waitForFunction(
      (old) => { const o = document.querySelector('.join-code-value output'); return o && o.textContent.trim() !== old; },
      value,
    );
    value = (await code.textContent()).trim();
  }
  if (!/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/.test(value)) throw new Error(`not a join code: ${value}`);
  await share.getByRole('button', { name: 'Schließen' }).click();
  await share.waitFor({ state: 'hidden' });
  return value;
}

/** On a phone: types the join code at the server's `/j` page and answers the name dialog. */
export async function joinByCode(page, serverUrl, code, name) {
  await page.goto(`${serverUrl}/j`);
  const field = page.getByLabel('Beitrittscode (6 Zeichen)');
  await field.tap();
  await field.fill(code);
  await page.getByRole('button', { name: 'Teilnehmen' }).tap();
  await enterName(page, name);
}

/** The participant's phone home (below 600 px wide). */
export const phoneHome = (page) => page.getByRole('region', { name: 'Übersicht' });

/**
 * On a participant's phone: leaves the phone home for the wall ("Wand ansehen"); on a wider
 * screen, where the wall is all there is, nothing to do.
 */
export async function openWall(page) {
  await page.getByRole('region', { name: /^(Übersicht|Wand: )/ }).first().waitFor();
  if (await phoneHome(page).isVisible()) {
    await page.locator('.phone-actions').getByRole('button', { name: 'Wand ansehen' }).tap();
    await page.getByRole('region', { name: /^Wand: / }).waitFor();
  }
}

/**
 * On the phone home: writes cards one after another in the writing sheet, then closes it.
 * `press: 'click'` right after a synthetic touch drag, whose end Chromium may pair with the
 * next tap as a double tap and send no click for it.
 */
export async function writeCards(page, texts, { press = 'tap' } = {}) {
  const act = (locator) => (press === 'click' ? locator.click() : locator.tap());
  await act(page.locator('.phone-actions').getByRole('button', { name: 'Karte schreiben' }));
  const sheet = page.getByRole('dialog', { name: 'Karte schreiben' });
  for (const text of texts) {
    await sheet.getByLabel('Kartentext').fill(text);
    await act(sheet.getByRole('button', { name: 'Hinzufügen' }));
    await sheet.getByRole('status').getByText(`Im Eingang: „${text}“`, { exact: false }).waitFor();
  }
  await act(sheet.getByRole('button', { name: 'Fertig' }));
  await sheet.waitFor({ state: 'hidden' });
}

/**
 * In the facilitator's open agenda: adds a step (time, title, activity, and what it runs);
 * `day` ("Tag 2") chooses its day once the agenda has more than one.
 */
export async function addStep(page, time, title, activity, target, day) {
  const form = page.getByRole('form', { name: 'Neuer Schritt' });
  if (day) await form.getByLabel('Tag', { exact: true }).selectOption({ label: day });
  await form.getByLabel('Uhrzeit').fill(time);
  await form.getByLabel('Was passiert').fill(title);
  await form.getByLabel('Aktivität', { exact: true }).selectOption({ label: activity });
  if (target) await form.getByLabel('Welche', { exact: true }).selectOption({ label: target });
  await form.getByRole('button', { name: 'Schritt anlegen' }).click();
  await page.getByRole('region', { name: 'Ablauf des Tages' }).getByRole('listitem').getByText(title, { exact: true }).waitFor();
}

/** The steps of one day of the open agenda ("Tag 1 · 11. März 2011"), as "time title". */
export async function dayPlan(page, day) {
  const items = page.getByRole('list', { name: day, exact: true }).getByRole('listitem');
  const rows = [];
  for (const item of await items.all()) {
    const time = (await item.locator('.agenda-time').textContent()).trim();
    const title = (await item.locator('.agenda-title').textContent()).trim();
    rows.push(`${time} ${title}`);
  }
  return rows;
}

/** The ranking as the page shows it: "rank. title points" lines. */
export async function ranking(page) {
  const items = page.getByRole('list', { name: 'Rangfolge' }).getByRole('listitem');
  const rows = [];
  for (const item of await items.all()) {
    const rank = (await item.locator('.ranking-rank').textContent()).trim();
    const title = (await item.locator('.ranking-title').textContent()).trim();
    const points = (await item.locator('.ranking-points').textContent()).trim();
    rows.push(`${rank} ${title} ${points}`);
  }
  return rows;
}

/** The facilitator's board menu button ("Menü der Wand": share, file, documentation, projector). */
export const boardMenuButton = (page) => page.getByRole('button', { name: 'Menü der Wand' });

/**
 * Chooses `item` (its accessible name, e.g. 'Teilen', 'Projektor') from the board menu in the
 * toolbar, by pointer.
 */
export async function boardMenu(page, item) {
  await boardMenuButton(page).click();
  await page.getByRole('menu', { name: 'Menü der Wand' }).getByRole('menuitem', { name: item, exact: true }).click();
}

/**
 * Chooses `item` from the board menu by keyboard alone: focus on the menu button, Enter
 * opens the menu on its first item, ArrowDown moves to `item`, Enter chooses it.
 */
export async function boardMenuByKeyboard(page, item) {
  await boardMenuButton(page).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Menü der Wand' });
  await menu.waitFor();
  const entry = menu.getByRole('menuitem', { name: item, exact: true });
  const items = await menu.getByRole('menuitem').count();
  for (let i = 0; i < items; i++) {
    if (await entry.evaluate((el) => el === document.activeElement)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no menu item ${item} reached by keyboard`);
}

/**
 * A facilitator ("Moderation") on a laptop with a new board `title`: its context, page and
 * participant link, where its screen lists who is on the board, and `errors`, which
 * collects the page errors of every page opened with [`guest`].
 */
export async function facilitatedBoard(env, title) {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, title, { name: 'Moderation' });
  const link = await inviteLink(facilitator);
  const here = facilitator.getByRole('group', { name: 'Auf der Wand' });
  return { host, facilitator, errors, link, here };
}

/** A page in a browser context of its own (`kind`: 'phone', 'desktop'), its errors watched. */
export async function guest(env, kind, errors) {
  const context = await newContext(env.browser, kind);
  const page = await context.newPage();
  errors.push(watchErrors(page));
  return { context, page };
}
