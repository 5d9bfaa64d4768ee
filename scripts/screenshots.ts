import fs from 'node:fs';
import path from 'node:path';
import { loadCardRenderer } from '../src/cards/card-renderer';
import { pollPresenter } from '../src/cards/poll-cards';
import { helpView } from '../src/application/help';
import { POLL_KINDS } from '../src/domain/poll';
import { chromiumMissingReason, launchChromium } from '../test/support/chromium';
import { CONTENT, viewsOf } from '../test/support/poll-fixtures';

/**
 * `npm run screenshots`: draws every card with the official Adaptive Cards renderer (the
 * adaptivecards package, markdown through markdown-it, as Teams renders TextBlock markdown)
 * in Debian's headless Chromium, and writes one PNG a card to docs/cards/.
 */
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'docs', 'cards');

function cards(): { file: string; card: object }[] {
  const renderer = loadCardRenderer();
  const presenter = pollPresenter(renderer);
  const list: { file: string; card: object }[] = [
    { file: 'welcome-team', card: renderer.render('welcome-team', { teamName: 'AHP Community', channelCount: 4 }) },
    { file: 'help', card: renderer.render('help', helpView('personal')) },
    { file: 'profile', card: presenter.profileCard(CONTENT.catalog, 'paramedic', 'Saved: Paramedic. Your next answers count towards it.') },
  ];
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
    for (const { file, card } of cards()) {
      const problems = await page.evaluate((json) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const w = globalThis as unknown as { AdaptiveCards: any; markdownit: any; document: any };
        const AC = w.AdaptiveCards;
        const md = w.markdownit();
        AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
          result.outputHtml = md.render(text);
          result.didProcess = true;
        };
        const model = new AC.AdaptiveCard();
        model.hostConfig = new AC.HostConfig({ fontFamily: '"Segoe UI", "DejaVu Sans", sans-serif' });
        const context = new AC.SerializationContext();
        model.parse(json, context);
        const host = w.document.getElementById('card');
        host.innerHTML = '';
        host.appendChild(model.render());
        return context.eventCount;
      }, card);
      if (problems > 0) throw new Error(`${file}: the renderer reported ${problems} problem(s) with the card.`);
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
