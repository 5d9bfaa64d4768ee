import fs from 'node:fs';
import path from 'node:path';
import { loadCardRenderer } from '../src/cards/card-renderer';
import { pollPresenter } from '../src/cards/poll-cards';
import { helpView } from '../src/application/help';
import { POLL_KINDS } from '../src/domain/poll';
import { chromiumMissingReason, launchChromium } from '../test/support/chromium';
import { fixtureDigest } from '../test/support/digest-fixtures';
import { CONTENT, viewsOf } from '../test/support/poll-fixtures';
import { digestPresenter } from '../src/cards/digest-card';

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
  const list: { file: string; card: object; charts?: boolean }[] = [
    { file: 'welcome-team', card: renderer.render('welcome-team', { teamName: 'AHP Community', channelCount: 4 }) },
    { file: 'help', card: renderer.render('help', helpView('personal', { lead: false, admin: false }, 'the AHP strategy team (ahp.pulse@example.nhs.uk)')) },
    {
      file: 'help-lead',
      card: renderer.render('help', helpView('personal', { lead: true, admin: false }, 'the AHP strategy team (ahp.pulse@example.nhs.uk)')),
    },
    { file: 'profile', card: presenter.profileCard(CONTENT.catalog, 'paramedic', 'Saved: Paramedic. Your next answers count towards it.') },
  ];
  const digests = digestPresenter(renderer);
  const digest = digests.digestCard(fixtureDigest(), { title: 'AHP Pulse weekly digest' });
  list.push({ file: 'digest', card: digest, charts: true });
  list.push({ file: 'digest-fallback', card: digest });
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
          // stand-in draws horizontal bars from the same data (as Teams would show them);
          // without, the chart's fallback is drawn, as a client without charts shows it.
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
                if (this.chart.title) {
                  const t = w.document.createElement('div');
                  t.textContent = this.chart.title;
                  t.style.cssText = 'color:#605e5c;margin-bottom:4px';
                  box.appendChild(t);
                }
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
            AC.GlobalRegistry.elements.register('Chart.HorizontalBar', HorizontalBar);
            w.__chartsRegistered = true;
          }
          if (!charts && w.__chartsRegistered) {
            AC.GlobalRegistry.elements.unregister('Chart.HorizontalBar');
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
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
