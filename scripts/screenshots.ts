import fs from 'node:fs';
import path from 'node:path';
import { buildCommandTable } from '../src/app/command-table';
import type { BotDeps } from '../src/application/bot-deps';
import type { DigestDeps } from '../src/application/digest/digest-deps';
import { helpView } from '../src/application/help-command';
import type { ProfileDeps } from '../src/application/profile-command';
import { rolesFromSettings } from '../src/application/routing/roles';
import { loadCardRenderer } from '../src/cards/card-renderer';
import { digestPresenter } from '../src/cards/digest-card';
import { pollPresenter } from '../src/cards/poll-cards';
import { POLL_KINDS } from '../src/domain/poll';
import { chromiumMissingReason, launchChromium } from '../test/support/chromium';
import { fixtureDigest, pastWeeks, TREND_VIEW } from '../test/support/digest-fixtures';
import { CONTENT, viewsOf } from '../test/support/poll-fixtures';

/**
 * `npm run screenshots`: draws every card with the official Adaptive Cards renderer (the
 * adaptivecards package, markdown through markdown-it, as Teams renders TextBlock markdown)
 * in Debian's headless Chromium, and writes one PNG a card to docs/cards/.
 */
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'docs', 'cards');

function cards(): { file: string; card: object; charts?: boolean }[] {
  const renderer = loadCardRenderer();
  const presenter = pollPresenter(renderer);
  // Only the table's help lines are read here: its handlers never run, so they need no store.
  const table = buildCommandTable(renderer, { roles: rolesFromSettings({ leadIds: [], adminIds: [] }) } as BotDeps, {} as ProfileDeps, {} as DigestDeps);
  const list: { file: string; card: object; charts?: boolean }[] = [
    { file: 'welcome-team', card: renderer.render('welcome-team', { teamName: 'AHP Community', channelCount: 4 }) },
    {
      file: 'help',
      card: renderer.render('help', helpView('personal', table.help({ lead: false, admin: false }), 'the AHP strategy team (ahp.pulse@example.nhs.uk)')),
    },
    {
      file: 'help-lead',
      card: renderer.render('help', helpView('personal', table.help({ lead: true, admin: false }), 'the AHP strategy team (ahp.pulse@example.nhs.uk)', true)),
    },
    { file: 'profile', card: presenter.profileCard(CONTENT.catalog, 'paramedic', 'Saved: Paramedic. Your next answers count towards it.') },
  ];
  const digests = digestPresenter(renderer);
  // The fixture week after two published weeks, so its trend has lines (test/support/digest-fixtures.ts).
  const digest = digests.digestCard(fixtureDigest(5, pastWeeks()), { title: 'AHP Pulse weekly digest' });
  list.push({ file: 'digest', card: digest, charts: true });
  list.push({ file: 'digest-fallback', card: digest });
  const trend = digests.trendCard(TREND_VIEW);
  list.push({ file: 'trend', card: trend, charts: true });
  for (const kind of POLL_KINDS) {
    const [unanswered, own, results] = viewsOf(kind);
    list.push({ file: `poll-${kind}-1-unanswered`, card: presenter.sharedCard(unanswered!.view) });
    list.push({ file: `poll-${kind}-2-own-view`, card: presenter.personalCard(own!.view) });
    list.push({ file: `poll-${kind}-3-results`, card: presenter.sharedCard(results!.view) });
  }
  return list;
}

async function main(): Promise<void> {
  const missing = chromiumMissingReason();
  if (missing) throw new Error(missing);
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 560, height: 800 }, deviceScaleFactor: 1 });
    await page.setContent(
      `<!doctype html><html><head><style>
        body { margin: 0; padding: 16px; background: #f5f5f5; font-family: "Segoe UI", "DejaVu Sans", sans-serif; }
        #card { width: 500px; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
      </style></head><body><div id="card"></div></body></html>`,
    );
    await page.addStyleTag({ path: require.resolve('adaptivecards/dist/adaptivecards.css') });
    await page.addScriptTag({ path: require.resolve('markdown-it/dist/markdown-it.min.js') });
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    for (const { file, card, charts } of cards()) {
      const problems = await page.evaluate(
        ({ json, charts }) => {
          // biome-ignore lint/suspicious/noExplicitAny: the renderer's and markdown-it's browser globals have no types here
          const w = globalThis as unknown as { AdaptiveCards: any; markdownit: any; document: any; __chartsRegistered?: boolean };
          const AC = w.AdaptiveCards;
          const md = w.markdownit();
          AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
            result.outputHtml = md.render(text);
            result.didProcess = true;
          };
          // Teams draws Chart.* elements; the official renderer does not. With `charts`, a small
          // stand-in draws horizontal bars and lines from the same data (as Teams would show them);
          // without, the chart's fallback is drawn, as a client without charts shows it.
          /** A chart's title as Teams sets it above the chart (empty when it has none). */
          const chartTitle = (title: string | undefined) => {
            const t = w.document.createElement('div');
            t.textContent = title ?? '';
            t.style.cssText = 'color:#605e5c;margin-bottom:4px;font-size:13px';
            return t;
          };
          if (charts && !w.__chartsRegistered) {
            class HorizontalBar extends AC.CardElement {
              chart: { title?: string; data?: { x: string; y: number }[] } = {};
              getJsonTypeName() {
                return 'Chart.HorizontalBar';
              }
              internalParse(source: { title?: string; data?: { x: string; y: number }[] }, context: unknown) {
                super.internalParse(source, context);
                this.chart = { ...(source.title !== undefined ? { title: source.title } : {}), data: source.data ?? [] };
              }
              internalRender() {
                const box = w.document.createElement('div');
                box.style.cssText = 'font-size:13px;padding:4px 0';
                const data = this.chart.data ?? [];
                const max = Math.max(1, ...data.map((d) => d.y));
                box.appendChild(chartTitle(this.chart.title));
                for (const d of data) {
                  const row = w.document.createElement('div');
                  row.style.cssText = 'display:flex;align-items:center;gap:6px;margin:2px 0';
                  row.innerHTML = `<span style="width:170px;flex:none;overflow:hidden;text-overflow:ellipsis;white-space:nowrap"></span><span style="height:14px;background:#6264a7;border-radius:2px;width:${Math.round((220 * d.y) / max)}px"></span><span></span>`;
                  row.children[0]!.textContent = d.x;
                  row.children[2]!.textContent = String(d.y);
                  box.appendChild(row);
                }
                return box;
              }
            }
            // A line chart: one polyline a series over the weeks it has figures for, with a legend.
            class Line extends AC.CardElement {
              chart: { title?: string; data?: { legend: string; values: { x: string; y: number }[] }[] } = {};
              getJsonTypeName() {
                return 'Chart.Line';
              }
              internalParse(source: { title?: string; data?: { legend: string; values: { x: string; y: number }[] }[] }, context: unknown) {
                super.internalParse(source, context);
                this.chart = { ...(source.title !== undefined ? { title: source.title } : {}), data: source.data ?? [] };
              }
              internalRender() {
                const box = w.document.createElement('div');
                box.style.cssText = 'font-size:12px;padding:4px 0';
                const lines = this.chart.data ?? [];
                const xs = [...new Set(lines.flatMap((l) => l.values.map((v) => v.x)))];
                const colours = ['#6264a7', '#c4314b', '#13a10e', '#ca5010'];
                const [W, H, left, bottom] = [460, 150, 28, 18];
                const px = (x: string) => left + (xs.length > 1 ? ((W - left - 10) * xs.indexOf(x)) / (xs.length - 1) : (W - left) / 2);
                const py = (y: number) => 8 + (H - bottom - 8) * (1 - y / 100);
                let svg = `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><line x1="${left}" y1="${py(0)}" x2="${W - 5}" y2="${py(0)}" stroke="#c8c6c4"/><line x1="${left}" y1="${py(50)}" x2="${W - 5}" y2="${py(50)}" stroke="#edebe9"/><line x1="${left}" y1="${py(100)}" x2="${W - 5}" y2="${py(100)}" stroke="#edebe9"/><text x="2" y="${py(100) + 4}" fill="#605e5c">100</text><text x="8" y="${py(50) + 4}" fill="#605e5c">50</text><text x="14" y="${py(0) + 4}" fill="#605e5c">0</text>`;
                for (const x of xs) svg += `<text x="${Math.min(px(x) - 14, W - 40)}" y="${H - 4}" fill="#605e5c">${x}</text>`;
                lines.forEach((l, i) => {
                  const colour = colours[i % colours.length];
                  svg += `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${l.values.map((v) => `${px(v.x)},${py(v.y)}`).join(' ')}"/>`;
                  for (const v of l.values) svg += `<circle cx="${px(v.x)}" cy="${py(v.y)}" r="3" fill="${colour}"/>`;
                });
                svg += '</svg>';
                box.appendChild(chartTitle(this.chart.title));
                const chart = w.document.createElement('div');
                chart.innerHTML = svg;
                box.appendChild(chart);
                const legend = w.document.createElement('div');
                lines.forEach((l, i) => {
                  const item = w.document.createElement('span');
                  item.style.cssText = `margin-right:10px;border-left:10px solid ${colours[i % colours.length]};padding-left:4px`;
                  item.textContent = l.legend;
                  legend.appendChild(item);
                });
                box.appendChild(legend);
                return box;
              }
            }
            AC.GlobalRegistry.elements.register('Chart.HorizontalBar', HorizontalBar);
            AC.GlobalRegistry.elements.register('Chart.Line', Line);
            w.__chartsRegistered = true;
          }
          if (!charts && w.__chartsRegistered) {
            AC.GlobalRegistry.elements.unregister('Chart.HorizontalBar');
            AC.GlobalRegistry.elements.unregister('Chart.Line');
            w.__chartsRegistered = false;
          }
          const model = new AC.AdaptiveCard();
          model.hostConfig = new AC.HostConfig({ fontFamily: '"Segoe UI", "DejaVu Sans", sans-serif' });
          const context = new AC.SerializationContext();
          model.parse(json, context);
          const host = w.document.getElementById('card');
          host.innerHTML = '';
          host.appendChild(model.render());
          return context.eventCount;
        },
        { json: card, charts: charts ?? false },
      );
      if (problems > 0 && !file.endsWith('-fallback')) throw new Error(`${file}: the renderer reported ${problems} problem(s) with the card.`);
      await page.locator('#card').screenshot({ path: path.join(OUT, `${file}.png`) });
      process.stdout.write(`docs/cards/${file}.png\n`);
      // The digest's three views of its own, for the README (the renderer gives each Container its id).
      if (file === 'digest') {
        for (const section of ['over-time', 'not-heard', 'beside-citizens']) {
          await page.locator(`#card #${section}`).screenshot({ path: path.join(OUT, `digest-${section}.png`) });
          process.stdout.write(`docs/cards/digest-${section}.png\n`);
        }
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
