import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { RunningApp } from '../../src/app/start-app';
import { ManualClock } from '../support/bot-deps';
import { chromiumMissingReason, launchChromium } from '../support/chromium';
import { seedFixture, seedPastDigests } from '../support/digest-fixtures';
import { startTestApp, tempDir } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../../..');
const PLAYGROUND_LEAD = '00000000-0000-4000-8000-000000000101';
const PLAYGROUND_DIGEST_CHANNEL = '19:strategy-conversation@thread.tacv2';
/** Where the tests' screenshots go: PLAYGROUND_SCREENSHOTS=docs refreshes the README's pictures. */
const SHOTS = process.env.PLAYGROUND_SCREENSHOTS ? path.resolve(ROOT, process.env.PLAYGROUND_SCREENSHOTS) : undefined;

/** The Microsoft 365 Agents Playground CLI, on a port it picks, talking to the bot under test. */
function startPlayground(endpoint: string, logDir: string): { child: ChildProcess; url: Promise<string> } {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(process.execPath, [cli, '-e', endpoint, '-c', 'msteams', '--disable-telemetry', '-p', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      BOT_ENDPOINT: endpoint,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(logDir, 'playground.log'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Listening on (\d+)/);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The playground exited (${code}):\n${output}`)));
  });
  return { child, url };
}

describe('The bot in the Microsoft 365 Agents Playground (headless Chromium)', function () {
  this.timeout(90_000);
  let data: ReturnType<typeof tempDir>;
  let app: RunningApp;
  let playground: { child: ChildProcess; url: Promise<string> };
  let browser: Browser;
  let clock: ManualClock;

  before(async function () {
    const missing = chromiumMissingReason();
    if (missing) {
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    data = tempDir();
    // The playground's current user (.m365agentsplayground.yml) is a professional lead.
    // A clock set to just before Monday 09:00, so the digest test can move it to publication time.
    clock = new ManualClock(new Date('2026-11-23T08:55:00Z'));
    app = await startTestApp(data.dir, { LEAD_IDS: PLAYGROUND_LEAD, MIN_RESPONDENTS: '3', DIGEST_CHANNEL_IDS: PLAYGROUND_DIGEST_CHANNEL }, { clock });
    playground = startPlayground(`${app.server.url}/api/messages`, data.dir);
    browser = await launchChromium();
  });

  // A failing test leaves a picture of each page it had open, to see what the playground showed.
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !browser) return;
    const pages = browser.contexts().flatMap((context) => context.pages());
    for (const [i, page] of pages.entries()) {
      const file = path.join(process.env.PLAYGROUND_FAILURES ?? os.tmpdir(), `playground-failure-${Date.now()}-${i}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.log(`      the page as it was: ${file}`);
    }
  });

  after(async () => {
    await browser?.close();
    playground?.child.kill('SIGTERM');
    await app?.stop();
    data?.remove();
  });

  it('shows one welcome card in the team the bot is installed in, even when the install is sent again, and the help card from its button', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(await playground.url);
    // The playground installs the bot in its mock team as it connects, as Teams does on "Add".
    await page.getByText('General', { exact: true }).click();
    await page.getByText('Welcome to AHP Pulse', { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByText(/Thank you for adding me to AHP Community/).waitFor();
    const team = await app.store.installations.get('team:team-ahp-community');
    assert.equal(team?.status, 'active');

    // Installing again from the playground's own menu does not welcome twice.
    await page.getByText('Mock an Activity').click();
    await page.getByText('Install application', { exact: true }).click();
    await page.getByRole('button', { name: 'Send activity' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForTimeout(1_500);
    assert.equal(await page.getByText('Welcome to AHP Pulse', { exact: true }).count(), 1);

    await page.getByRole('button', { name: 'What can AHP Pulse do?' }).last().click();
    await page.getByText('What AHP Pulse can do', { exact: true }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS ?? data.dir, 'playground-welcome.png') });
  });

  it('lets the lead post a poll with an @mention, answer it in one tap, and close it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(await playground.url);
    const card = await postPoll(page, 'poll top-priority results=live', 'Which draft priority matters most to you this week?');
    await card.getByText('Easier access to support').click();
    await ownView(page, card, /Your answer: Easier access to support/);
    await page.getByRole('button', { name: 'Close now' }).last().click();
    await page.getByText(/The poll is closed/).waitFor({ timeout: 20_000 });
  });

  /**
   * The lead @mentions the bot in the strategy channel with a poll command, and waits for the
   * card. The playground installs the bot as it connects: wait until the bot has recorded the team.
   */
  async function postPoll(page: Page, command: string, shows: string): Promise<Locator> {
    await page.getByText('Strategy conversation', { exact: true }).click();
    const until = Date.now() + 20_000;
    while (!(await app.store.installations.get('team:team-ahp-community')) && Date.now() < until) await page.waitForTimeout(100);
    await page.waitForTimeout(1_500); // the install's welcome lands first, so it does not move the page under the mention picker
    await page.getByRole('textbox').first().click();
    await page.keyboard.type('@AHP');
    await page.getByRole('menuitem', { name: 'AHP Pulse' }).click(); // the mention picker's suggestion
    await page.keyboard.type(` ${command}`);
    await page.getByRole('button', { name: 'Post' }).click();
    await page.getByText(shows).last().waitFor({ timeout: 20_000 });
    return page.locator('.ac-adaptiveCard', { hasText: shows }).last();
  }

  /**
   * Opens a card's drop-down (found by its label, as a screen reader finds it), types the start
   * of a choice when given, and picks the choice by what it says.
   */
  async function choose(page: Page, card: Locator, label: string, choice: string, typed?: string): Promise<void> {
    const box = card.getByRole('combobox', { name: label });
    await box.click();
    if (typed) await box.pressSequentially(typed);
    await page.getByRole('option', { name: choice, exact: true }).click();
  }

  /**
   * The person's own view of a poll they answered. Teams, like the playground, replaces it with
   * the shared card when the posted card is updated for everyone (at once, for the first answer),
   * so the person opens their view again from the updated card, as they would in Teams.
   */
  async function ownView(page: Page, card: Locator, answer: RegExp): Promise<void> {
    await app.work.flushCardUpdates();
    await card.getByText(/^1 answer · Closes on/).waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'My answer and results' }).click();
    await page.getByText(answer).last().waitFor({ timeout: 20_000 });
  }

  it('lets an AHP answer a rate poll and a rank poll by choosing in the card, and shows their answers back', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(await playground.url);

    const rate = await postPoll(page, 'poll rate results=live', 'Rate each from 1 to 5.');
    const priorities = [
      'Easier access to support',
      'Communication, collaboration and integration',
      'Raise the profile of AHP roles',
      'Develop and innovate',
      'Optimising care',
      'Developing the AHP identity',
      'Delivering our full potential',
    ];
    const ratings = ['5 (very important)', '4', '3', '2', '1 (not important)', '4', '5 (very important)'];
    for (const [i, priority] of priorities.entries()) await choose(page, rate, priority, ratings[i]!);
    await rate.getByRole('button', { name: 'Send answer' }).click();
    await ownView(page, rate, /Your answer: Easier access to support: 5; Communication, collaboration and integration: 4;/);
    const ratePoll = (await app.store.polls.listOpenBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).find((p) => p.kind === 'rating')!;
    const [rated] = await app.store.responses.list(ratePoll.id);
    assert.deepEqual(rated?.value, {
      kind: 'rating',
      ratings: {
        access: 5,
        'joined-up-care': 4,
        'profile-of-roles': 3,
        'develop-and-innovate': 2,
        'optimising-care': 1,
        'ahp-identity': 4,
        'full-potential': 5,
      },
    });

    const rank = await postPoll(page, 'poll rank results=live', 'Choose 3 different priorities, most important first.');
    await choose(page, rank, 'First choice', 'Optimising care', 'Optim');
    await choose(page, rank, 'Second choice', 'Easier access to support', 'Easier');
    await choose(page, rank, 'Third choice', 'Develop and innovate', 'Develop and');
    await rank.getByRole('button', { name: 'Send answer' }).click();
    await ownView(page, rank, /Your answer: 1\. Optimising care; 2\. Easier access to support; 3\. Develop and innovate/);
    const rankPoll = (await app.store.polls.listOpenBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).find((p) => p.kind === 'rank')!;
    const [ranked] = await app.store.responses.list(rankPoll.id);
    assert.deepEqual(ranked?.value, { kind: 'rank', ranked: ['optimising-care', 'access', 'develop-and-innovate'] });
    await page.screenshot({ path: path.join(SHOTS ?? data.dir, 'playground-rank-answered.png') });
  });

  it('lets the lead write a poll in the message extension’s dialog from a channel’s compose box, preview it, post it here, and answer it', async () => {
    const question = 'What stops people getting to your service?';
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(await playground.url);
    await page.getByText('Strategy conversation', { exact: true }).click();
    const until = Date.now() + 20_000;
    while (!(await app.store.installations.get('team:team-ahp-community')) && Date.now() < until) await page.waitForTimeout(100);
    await page.waitForTimeout(1_500); // the install's welcome lands first
    // The "+" beside the channel's post box: the message extension's action command, by its manifest id.
    await page.getByLabel('Trigger Message Extension App').first().click();
    await page.getByText('Action Command', { exact: true }).first().click();
    await page.getByPlaceholder('Input command id or leave blanks').fill('newPoll');
    await page.getByRole('button', { name: 'Create' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Question, in your own words').fill(question);
    await dialog.getByText('My own options, written below').click();
    await dialog.getByLabel(/My own options: one a line/).fill('Transport');
    await dialog.getByRole('button', { name: 'Preview, to launch to many channels' }).click();
    // The mistake comes back beside its field, with what was typed kept.
    await dialog.getByText('Give at least two options, one a line.').waitFor({ timeout: 20_000 });
    assert.equal(await dialog.getByLabel('Question, in your own words').inputValue(), question);
    await dialog.getByLabel(/My own options: one a line/).fill('Transport\nOpening hours\nCost of travel');
    await page.screenshot({ path: path.join(SHOTS ?? data.dir, 'playground-poll-form.png') });
    await dialog.getByRole('button', { name: 'Preview, to launch to many channels' }).click();
    await dialog.getByText('Preview: the card as it will be posted.', { exact: false }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS ?? data.dir, 'playground-poll-preview.png') });
    assert.equal(
      (await app.store.polls.listOpenBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).filter((p) => p.question === question).length,
      0,
      'nothing stored before Post here',
    );
    await dialog.getByRole('button', { name: 'Post here' }).click();
    const card = page.locator('.ac-adaptiveCard', { hasText: question }).last();
    await card.getByText('Opening hours').waitFor({ timeout: 20_000 });
    await dialog.getByRole('button').first().click(); // the dialog's close button: it has said the poll is posted
    await dialog.waitFor({ state: 'detached' });
    const poll = (await app.store.polls.listOpenBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).find((p) => p.question === question)!;
    assert.deepEqual(
      poll.options.map((o) => o.label),
      ['Transport', 'Opening hours', 'Cost of travel'],
    );
    await card.getByText('Opening hours').click();
    const until2 = Date.now() + 20_000;
    while ((await app.store.responses.count(poll.id)) === 0 && Date.now() < until2) await page.waitForTimeout(100);
    const [answer] = await app.store.responses.list(poll.id);
    assert.deepEqual(answer?.value, { kind: 'single', optionId: 'o2' });
  });

  it('lets the lead write, preview and launch a poll of every kind from the message extension’s dialog', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(await playground.url);
    await page.getByText('Strategy conversation', { exact: true }).click();
    const until = Date.now() + 20_000;
    while (!(await app.store.installations.get('team:team-ahp-community')) && Date.now() < until) await page.waitForTimeout(100);
    await page.waitForTimeout(1_500);
    const kinds: [string, string][] = [
      ['single', 'Single choice: one of the options'],
      ['multi', 'Multiple choice: up to three of the options'],
      ['agreement', 'Agreement: a statement, strongly agree to strongly disagree'],
      ['rating', 'Rating: each option from 1 to 5'],
      ['rank', 'Ranking: the top three of the options'],
      ['open', 'Open prompt: an answer in their own words'],
    ];
    for (const [kind, title] of kinds) {
      const question = `In your own words (${kind}): what would help most?`;
      await page.getByLabel('Trigger Message Extension App').first().click();
      await page.getByText('Action Command', { exact: true }).first().click();
      await page.getByPlaceholder('Input command id or leave blanks').fill('newPoll');
      await page.getByRole('button', { name: 'Create' }).click();
      const dialog = page.getByRole('dialog');
      await choose(page, dialog, 'Kind of question', title);
      await dialog.getByLabel('Question, in your own words').fill(question);
      await dialog.getByRole('button', { name: 'Preview, to launch to many channels' }).click();
      await dialog.getByText('Preview: the card as it will be posted.', { exact: false }).waitFor({ timeout: 20_000 });
      // Launch to many: the channels of every team the bot is in, chosen in the preview; through the outbox.
      await dialog.getByText('AHP Community › Strategy conversation', { exact: true }).click();
      await dialog.getByRole('button', { name: 'Launch' }).click();
      await dialog.getByRole('button').first().click();
      await dialog.waitFor({ state: 'detached' });
      const poll = (await app.store.polls.listByAuthor(PLAYGROUND_LEAD, 20)).find((p) => p.question === question);
      assert.equal(poll?.kind, kind, question);
      await app.work.drainOutbox(async () => (await app.store.deliveries.listForPoll(poll!.id)).every((d) => d.kind !== 'post' || d.status === 'sent'));
      await page.locator('.ac-adaptiveCard', { hasText: question }).last().waitFor({ timeout: 20_000 });
    }
  });

  it('lets the lead compose, preview, launch and follow a poll in personal chat, and cancel a scheduled one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(await playground.url);
    await page.getByText('General', { exact: true }).click(); // the playground installs the bot in the team
    const until = Date.now() + 20_000;
    while (!(await app.store.installations.get('team:team-ahp-community')) && Date.now() < until) await page.waitForTimeout(100);
    await page.getByText('Personal Chat', { exact: true }).click();
    const say = async (text: string, expect: RegExp) => {
      const box = page.getByRole('textbox').last();
      await box.click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      await page.getByText(expect).last().waitFor({ timeout: 20_000 });
    };
    await say('compose steps', /Which poll would you like to launch\?/);
    await say('top-priority', /Which teams should it go to\?/);
    await say('All teams', /When should it go out\?/);
    await say('Now', /How long should it stay open\?/);
    await say('7 days', /Who sees the results, and when\?/);
    await say('Live', /Should answers be anonymous\?/);
    await say('yes', /Launch it, edit it, or cancel\?/);
    await page.getByText('This is the card that will be posted:').last().waitFor();
    await say('Launch', /Launching poll p[0-9a-f]+ to 2 channels in 1 team, now/);
    const text = await page
      .getByText(/Launching poll p[0-9a-f]+/)
      .last()
      .innerText();
    const pollId = /poll (p[0-9a-f]+)/.exec(text)![1]!;
    await app.work.drainOutbox(async () => (await app.store.deliveries.listForPoll(pollId)).every((d) => d.status === 'sent' || d.status === 'failed'));
    await say(`status ${pollId}`, /Sent 2, pending 0, failed 0/);

    await say('launch rank to=all at=2099-01-01T09:00Z', /Launching poll p[0-9a-f]+ to 2 channels in 1 team, on /);
    const scheduled = /poll (p[0-9a-f]+)/.exec(
      await page
        .getByText(/Launching poll p[0-9a-f]+ to 2 channels in 1 team, on /)
        .last()
        .innerText(),
    )![1]!;
    await say(`cancel ${scheduled}`, /2 pending posts called off/);
  });

  it("posts the weekly digest in the mock team's channel on Monday at 09:00, with its charts", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(await playground.url);
    await page.getByText('Strategy conversation', { exact: true }).click();
    const until = Date.now() + 20_000;
    while (!(await app.store.installations.get('team:team-ahp-community')) && Date.now() < until) await page.waitForTimeout(100);
    await seedFixture(app.store);
    await seedPastDigests(app.store); // two earlier weeks, for the priorities over time

    await app.work.runDuePollWork();
    assert.equal(await app.store.digests.get('2026-11-16'), undefined, 'not before 09:00');
    clock.advance(6 * 60_000); // Monday 23 November 2026, 09:01 UK time
    await app.work.runDuePollWork();
    await page.getByText('AHP Pulse weekly digest').last().waitFor({ timeout: 20_000 });
    await page
      .getByText(/Week of 16 to 22 November 2026/)
      .last()
      .waitFor();
    await page
      .getByText(/80 people answered this week \(in polls closed so far\), up 60 on the week before \(20\)/)
      .last()
      .waitFor();
    await page.getByText('32 (up 22)').last().waitFor(); // physiotherapists, in the participation facts
    await page.getByText('6 answers · Easier access to support').last().waitFor(); // a theme
    await page.getByText('Strongly agree', { exact: true }).last().waitFor(); // a bar of the agreement poll's chart
    await page.getByText('AHP Pulse weekly digest').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS ?? data.dir, 'playground-digest.png') });
    // The views no other tool gives, as the playground draws them: its line chart, and the text beside it.
    await page
      .getByText(/Biggest movers: /)
      .last()
      .waitFor(); // K is 3 in the playground: the figures differ from the K = 5 tests'
    await page.getByText('Who we are not hearing from', { exact: true }).last().waitFor();
    await page.getByText('AHPs beside citizens', { exact: true }).last().waitFor();
    await page.getByText('The priorities over time', { exact: true }).last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS ?? data.dir, 'playground-digest-insights.png') });
    await page.getByText('AHPs beside citizens', { exact: true }).last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS ?? data.dir, 'playground-digest-heard.png') });
    const deliveries = await app.store.deliveries.listForPoll('digest-2026-11-16');
    assert.deepEqual(
      deliveries.map((d) => [d.kind, d.target.channelId, d.status]),
      [['digest', PLAYGROUND_DIGEST_CHANNEL, 'sent']],
    );
  });
});
