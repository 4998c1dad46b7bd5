// The participant's phone (360×740, touch), against the real server with the facilitator
// and the projector online: a phone joins by typing the join code, gets the phone home
// instead of the wall, writes three cards in a row, and they wait in the incoming area
// ("Eingang") on the facilitator's wall and the projector, none covering another. The phone
// offers no way to change someone else's card; the home shows the current step and follows
// it; after the reveal the phone shows the ranking, not the closed ballot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, newContext, serverAndBrowser, watchErrors } from './harness.mjs';
import {
  addCard, addCluster, addStep, createBoard, enterName, facilitatedBoard, guest, inviteLink, joinByCode, joinCode, phoneHome, ranking,
  writeCards, waitStored } from './steps.mjs';
import { stockClient, synced, until } from '../interop/yjs.mjs';

const env = serverAndBrowser();
const CARDS = ['Mehr Kitaplätze in den Ortsteilen', 'Begegnungscafé im Rathaus', 'Ehrenamt besser vernetzen und anerkennen'];
const ROUND = 'Welche Handlungsfelder sind am wichtigsten?';


/** The boxes of the cards waiting in the incoming area, once `n` of them are there. */
async function incomingBoxes(page, n) {
  const list = page.getByRole('list', { name: 'Eingang' }).getByRole('listitem');
  await list.nth(n - 1).waitFor();
  assert.equal(await list.count(), n);
  return Promise.all((await list.all()).map((item) => item.boundingBox()));
}

const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function assertApart(boxes, where) {
  for (const [i, a] of boxes.entries()) {
    assert.ok(a && a.width > 0 && a.height > 0, `${where}: card ${i} is on screen`);
    for (const b of boxes.slice(i + 1)) assert.ok(!overlap(a, b), `${where}: ${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`);
  }
}

test('a phone joins by code, writes three cards in a row, and they wait apart in the incoming area', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Integrationsworkshop', { name: 'Moderation' });
  await addCluster(facilitator, 'Bildung');
  await addCard(facilitator, 'Sprachkurse für Eltern');
  const code = await joinCode(facilitator);
  const participantLink = new URL(await inviteLink(facilitator));
  const beamer = await newContext(env.browser, 'projector');
  const projector = await beamer.newPage();
  errors.push(watchErrors(projector));
  await projector.goto(await inviteLink(facilitator, 'Link für den Projektor (nur ansehen)'));

  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  errors.push(watchErrors(page));
  await joinByCode(page, env.server.url, code, 'Ayşe');
  const home = phoneHome(page);
  await home.waitFor();
  // The phone entry (the small build), not the full app.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.entry), 'participant');
  // The phone home, not the facilitator's desk: no toolbar, what to do now, the wall as lists.
  assert.equal(await page.getByRole('toolbar', { name: 'Werkzeuge der Wand' }).isVisible(), false, 'no desk toolbar on the phone');
  await home.getByRole('region', { name: 'Jetzt' }).getByText('Schreib deine Gedanken auf Karten', { exact: false }).waitFor();
  await home.getByRole('list', { name: 'Die Wand' }).getByText('Bildung').waitFor();
  await assertAccessible(page, 'the phone home');

  await page.locator('.phone-actions').getByRole('button', { name: 'Karte schreiben' }).tap();
  await page.getByRole('dialog', { name: 'Karte schreiben' }).getByLabel('Kartentext').waitFor();
  await assertAccessible(page, 'the writing sheet');
  await page.getByRole('dialog', { name: 'Karte schreiben' }).getByRole('button', { name: 'Fertig' }).tap();
  await writeCards(page, CARDS);
  await assertAccessible(page, 'the phone home with my cards');
  const mine = home.getByRole('list', { name: 'Meine Karten' }).getByRole('listitem');
  assert.deepEqual((await mine.allTextContents()).map((t) => t.replace(/BearbeitenLöschen$/, '').trim()), CARDS);
  await waitStored(page);

  // On the facilitator's wall and the projector: all three in the incoming area, none
  // covering another.
  assertApart(await incomingBoxes(facilitator, 3), 'facilitator');
  await projector.getByText('Eingang').first().waitFor();
  assertApart(await incomingBoxes(projector, 3), 'projector');

  // Own cards have edit and delete; the facilitator's card has neither, on the home or on the wall.
  await home.getByRole('button', { name: `Karte bearbeiten: ${CARDS[0]}` }).waitFor();
  await home.getByText('Freie Karten').tap();
  await home.getByRole('list', { name: 'Freie Karten' }).getByText('Sprachkurse für Eltern').waitFor();
  assert.equal(await page.getByRole('button', { name: /Karte (bearbeiten|löschen): Sprachkurse/ }).count(), 0);

  // An edit from the phone reaches the facilitator.
  await home.getByRole('button', { name: `Karte bearbeiten: ${CARDS[1]}` }).tap();
  await home.getByLabel('Kartentext').fill('Begegnungscafé im Rathaus, jeden Freitag');
  await home.getByRole('button', { name: 'Speichern' }).tap();
  await facilitator.getByRole('list', { name: 'Eingang' }).getByText('Begegnungscafé im Rathaus, jeden Freitag').waitFor();

  // "Wand ansehen" opens the wall at a readable zoom, one tap from the home.
  await page.locator('.phone-actions').getByRole('button', { name: 'Wand ansehen' }).tap();
  await page.getByRole('region', { name: /^Wand: / }).waitFor();
  // Fitted to the wall's width once the wall has its size, but never below a readable 55 %.
  await page.waitForFunction(() => {
    const zoom = Number(document.querySelector('.zoom-level [aria-hidden]')?.textContent.replace(/\D/g, ''));
    const wall = document.querySelector('.wall')?.getBoundingClientRect();
    const cards = [...document.querySelectorAll('.wall .card')].map((c) => c.getBoundingClientRect());
    return zoom >= 55 && zoom <= 100 && wall && cards.length > 0 && cards.some((c) => c.left >= wall.left && c.right <= wall.right);
  });
  // Nothing of the wall starts under the way back, which floats at its top left.
  const covered = await page.evaluate(() => {
    const back = document.querySelector('.back-home').getBoundingClientRect();
    const under = (r) => r.left < back.right && r.right > back.left && r.top < back.bottom && r.bottom > back.top;
    return [...document.querySelectorAll('.wall .card, .wall .cluster-title, .wall .region-title')]
      .filter((el) => under(el.getBoundingClientRect()))
      .map((el) => el.textContent.trim());
  });
  assert.deepEqual(covered, [], 'under the way back to the overview');
  await page.getByRole('button', { name: 'Zur Übersicht' }).tap();
  await home.waitFor();

  // The facilitator sorts one into the field: it leaves the incoming area everywhere.
  await facilitator.getByRole('list', { name: 'Eingang' }).getByText(CARDS[0]).click();
  await facilitator.getByRole('toolbar', { name: 'Kartenaktionen' }).getByLabel('In Rubrik').selectOption({ label: 'Bildung' });
  await projector.getByRole('region', { name: 'Rubrik: Bildung' }).getByText(CARDS[0]).waitFor();
  assert.equal(await incomingBoxes(projector, 2).then((b) => b.length), 2);

  // The same phone's identity past its interface: an update deleting the facilitator's card
  // is refused by the server (4403), and the card stays.
  const key = await page.evaluate(() => JSON.parse(localStorage.getItem('kartenwand.participant-key')));
  const boardId = participantLink.pathname.split('/').pop();
  const token = new URLSearchParams(participantLink.hash.slice(1)).get('t');
  const crafted = stockClient(env.server, boardId, token, { params: { key } });
  crafted.provider.messageHandlers[100] = () => {};
  await synced(crafted);
  const cards = crafted.doc.getMap('cards');
  const [theirs] = [...cards.entries()].find(([, c]) => c.get('text')?.toString() === 'Sprachkurse für Eltern');
  cards.delete(theirs);
  await until(() => crafted.events.some((e) => e.type === 'close' && e.code === 4403), [crafted.provider], {
    what: 'the crafted delete refused with 4403',
  });
  crafted.destroy();
  const reopened = await projector.context().newPage();
  await reopened.goto(projector.url());
  await reopened.getByRole('listitem', { name: 'Sprachkurse für Eltern', exact: true }).waitFor();
  assert.equal(await facilitator.getByRole('listitem', { name: 'Sprachkurse für Eltern', exact: true }).count(), 1);
  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await beamer.close();
  await host.close();
});

test('the phone home follows the day; after the reveal the phone shows the ranking', async () => {
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Priorisierung', { name: 'Moderation' });
  for (const field of ['Bildung', 'Sprache', 'Arbeitsmarkt']) await addCluster(facilitator, field);
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  const rounds = facilitator.getByRole('dialog', { name: 'Abstimmungen' });
  await rounds.getByRole('button', { name: 'Abstimmung anlegen' }).click();
  const row = rounds.getByRole('listitem', { name: ROUND });
  await row.getByText('in Vorbereitung').waitFor();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await facilitator.getByRole('button', { name: 'Ablauf' }).click();
  await addStep(facilitator, '10:00', 'Thesen sammeln', 'Arbeit an der Wand');
  await addStep(facilitator, '11:00', 'Punkte kleben', 'Abstimmung', ROUND);
  await facilitator.getByRole('button', { name: 'Starten: Thesen sammeln' }).click();
  const link = await inviteLink(facilitator);

  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  errors.push(watchErrors(page));
  await page.goto(link);
  await page.getByRole('dialog', { name: 'Wie heißt du?' }).getByLabel('Dein Name').fill('Ben');
  await page.getByRole('button', { name: 'Los geht’s' }).tap();
  // The step in one compact line above the home, and what it asks in "Jetzt".
  const stepLine = page.getByRole('region', { name: 'Aktueller Schritt' });
  await stepLine.getByText('Thesen sammeln').waitFor();
  const lineBox = await stepLine.boundingBox();
  assert.ok(lineBox.height <= 56, `the step takes one line, not ${lineBox.height} px`);
  const now = phoneHome(page).getByRole('region', { name: 'Jetzt' });
  await now.getByText('Schreib deine Gedanken auf Karten', { exact: false }).waitFor();

  // The voting step starts with the round open: the phone follows, the ballot opens by itself.
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  await row.getByRole('button', { name: 'Öffnen' }).click();
  await rounds.getByRole('button', { name: 'Schließen', exact: true }).last().click();
  await facilitator.getByRole('button', { name: 'Starten: Punkte kleben' }).click();
  await stepLine.getByText('Punkte kleben').waitFor();
  const ballot = page.getByRole('dialog', { name: ROUND });
  await ballot.getByRole('button', { name: 'Einen Punkt mehr: Bildung' }).tap();
  await ballot.getByRole('button', { name: 'Einen Punkt mehr: Sprache' }).tap();
  await ballot.getByRole('button', { name: 'Einen Punkt mehr: Arbeitsmarkt' }).tap();
  await ballot.getByRole('button', { name: 'Einen Punkt mehr: Bildung' }).tap();
  await ballot.getByRole('button', { name: 'Stimme abgeben' }).tap();
  await ballot.getByText('Deine Stimme ist abgegeben.', { exact: false }).waitFor();
  await assertAccessible(page, 'the ballot on a phone');
  await ballot.getByRole('button', { name: 'Schließen' }).tap();
  await now.getByText(`Die Abstimmung läuft: ${ROUND}`).waitFor();
  await now.getByRole('button', { name: 'Jetzt abstimmen' }).waitFor();
  await waitStored(page);

  // Closed: the home says the result follows (the ballot, opened again, closes by itself).
  await now.getByRole('button', { name: 'Jetzt abstimmen' }).tap();
  await ballot.waitFor();
  await facilitator.getByRole('button', { name: 'Abstimmung', exact: true }).click();
  await row.getByRole('button', { name: 'Schließen' }).click();
  await ballot.waitFor({ state: 'hidden' });
  await now.getByText(`Die Abstimmung „${ROUND}“ ist geschlossen.`, { exact: false }).waitFor();
  // Revealed: the phone shows the ranking.
  await row.getByRole('button', { name: 'Aufdecken' }).click();
  await page.getByRole('heading', { name: `Ergebnis: ${ROUND}` }).waitFor();
  assert.deepEqual((await ranking(page)).slice(0, 3), ['1. Bildung 2 Punkte', '2. Arbeitsmarkt 1 Punkt', '2. Sprache 1 Punkt']);
  assert.equal(await page.getByRole('dialog', { name: ROUND }).count(), 0, 'no closed ballot after the reveal');
  await assertAccessible(page, 'the ranking on a phone');
  // Back on the home, the result stays on it.
  await page.getByRole('button', { name: 'Zurück zur Wand' }).first().tap();
  await now.getByText(`Ergebnis: ${ROUND}`).waitFor();
  await now.getByRole('list', { name: 'Rangfolge' }).getByText('Bildung').waitFor();
  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await host.close();
});

test('a phone that looked at group work before joining a group lands on that group’s sheet', async () => {
  const FIELD = 'Bildung';
  const host = await newContext(env.browser, 'desktop');
  const facilitator = await host.newPage();
  const errors = [watchErrors(facilitator)];
  await createBoard(facilitator, env.server.url, 'Zukunftswerkstatt', { name: 'Moderation' });
  await addCluster(facilitator, FIELD);
  await facilitator.getByRole('button', { name: 'Gruppenarbeit' }).click();
  await facilitator.getByLabel('Handlungsfeld', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Gruppe anlegen' }).click();
  await facilitator.getByRole('listitem', { name: FIELD }).waitFor();
  // Feedback for everyone first, then the group's field analysis.
  await facilitator.getByLabel('Vorlage', { exact: true }).selectOption({ label: 'Feedback' });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await facilitator.getByRole('heading', { name: 'Feedback' }).waitFor();
  await facilitator.getByLabel('Vorlage', { exact: true }).selectOption({ label: 'Analyse des Handlungsfelds' });
  await facilitator.getByLabel('Für', { exact: true }).selectOption({ label: FIELD });
  await facilitator.getByRole('button', { name: 'Arbeitsblatt anlegen' }).click();
  await facilitator.getByRole('heading', { name: `Analyse des Handlungsfelds: ${FIELD}` }).waitFor();
  await waitStored(facilitator);
  const link = await inviteLink(facilitator);

  const phone = await newContext(env.browser, 'phone');
  const page = await phone.newPage();
  errors.push(watchErrors(page));
  await page.goto(link);
  await page.getByRole('dialog', { name: 'Wie heißt du?' }).getByLabel('Dein Name').fill('Cem');
  await page.getByRole('button', { name: 'Los geht’s' }).tap();
  // From the home, before any step: group work shows the sheet everyone has.
  await phoneHome(page).getByRole('navigation', { name: 'Mehr' }).getByRole('button', { name: 'Gruppenarbeit' }).tap();
  await page.getByRole('heading', { name: 'Feedback' }).waitFor();
  await page.getByRole('button', { name: `Beitreten: ${FIELD}` }).tap();
  await page.getByRole('heading', { name: `Analyse des Handlungsfelds: ${FIELD}` }).waitFor();
  await assertAccessible(page, 'group work on a phone');
  // Pressed again, group work goes back to the home it was opened from.
  await page.getByRole('button', { name: 'Gruppenarbeit' }).tap();
  await phoneHome(page).waitFor();
  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await host.close();
});

test('a participant who closed the name dialog gives a name later on the phone home, and changes it', async () => {
  const { host, facilitator, errors, link, here } = await facilitatedBoard(env, 'Namen später');

  const { context: phone, page } = await guest(env, 'phone', errors);
  await page.goto(link);
  const dialog = page.getByRole('dialog', { name: 'Wie heißt du?' });
  await dialog.getByLabel('Dein Name').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  const home = phoneHome(page);
  await home.getByText('Du bist noch ohne Namen hier.').waitFor();
  assert.equal(await dialog.count(), 0, 'closed is closed: the app does not ask again by itself');

  await home.getByRole('button', { name: 'Namen angeben' }).tap();
  await enterName(page, 'Dilara');
  await home.getByText('Du bist hier als Dilara.').waitFor();
  await here.getByRole('listitem', { name: 'Dilara' }).waitFor();

  // Changing it: the dialog starts from the name and the list choice as they are.
  await home.getByRole('checkbox', { name: /Liste der Teilnehmenden/ }).check();
  await home.getByRole('button', { name: 'Name ändern' }).tap();
  assert.equal(await dialog.getByLabel('Dein Name').inputValue(), 'Dilara');
  assert.equal(await dialog.getByRole('checkbox', { name: /Liste der Teilnehmenden/ }).isChecked(), true);
  await enterName(page, 'Dilara K.');
  await home.getByText('Du bist hier als Dilara K.').waitFor();
  await here.getByRole('listitem', { name: 'Dilara K.' }).waitFor();
  assert.equal(await home.getByRole('checkbox', { name: /Liste der Teilnehmenden/ }).isChecked(), true);
  // Focus is back on the button that opened the dialog.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Name ändern');
  await assertAccessible(page, 'phone home with my name');
  assert.deepEqual(errors.flat(), []);
  await phone.close();
  await host.close();
});

test('on a laptop a participant changes the name from the board’s menu, which holds nothing else for them', async () => {
  const { host, facilitator, errors, link, here } = await facilitatedBoard(env, 'Namen am Laptop');

  const { context: laptop, page } = await guest(env, 'desktop', errors);
  await page.goto(link);
  const dialog = page.getByRole('dialog', { name: 'Wie heißt du?' });
  await enterName(page, 'Ben');
  await here.getByRole('listitem', { name: 'Ben' }).waitFor();

  await page.getByRole('button', { name: 'Menü der Wand' }).click();
  const menu = page.getByRole('menu', { name: 'Menü der Wand' });
  assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Name ändern']);
  await menu.getByRole('menuitem', { name: 'Name ändern' }).click();
  assert.equal(await dialog.getByLabel('Dein Name').inputValue(), 'Ben');
  await enterName(page, 'Ben K.');
  await here.getByRole('listitem', { name: 'Ben K.' }).waitFor();
  assert.deepEqual(errors.flat(), []);
  await laptop.close();
  await host.close();
});
