import assert from 'node:assert/strict';
import { escapeMarkdown, finishCard, markData } from '../../src/cards/escape';

describe('Escaping text for cards', () => {
  it('turns a markdown link into plain text', () => {
    assert.equal(escapeMarkdown('[click](https://evil.example)'), '\\[click\\](https://evil.example)');
  });

  it('cannot forge a mention', () => {
    assert.equal(escapeMarkdown('<at>Everyone</at>'), '\\<at\\>Everyone\\</at\\>');
  });

  it('keeps emphasis and code as literal characters', () => {
    assert.equal(escapeMarkdown('**bold** _it_ `x` ~~s~~'), '\\*\\*bold\\*\\* \\_it\\_ \\`x\\` \\~\\~s\\~\\~');
  });

  it('stops a first character from starting a list or heading, and joins lines', () => {
    assert.equal(escapeMarkdown('- one\n# two'), '\\- one # two');
    assert.equal(escapeMarkdown('1. first'), '1\\. first');
  });

  it('leaves ordinary sentences alone', () => {
    assert.equal(escapeMarkdown("Physios' time, well spent (mostly)."), "Physios' time, well spent (mostly).");
  });

  it('escapes marked text in text blocks and facts, and leaves it exactly as given everywhere else', () => {
    const text = markData('*x*');
    const card = finishCard({
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: `Said: ${text}` },
        { type: 'FactSet', facts: [{ title: text, value: text }] },
        { type: 'Input.Text', id: text, value: text, label: text },
      ],
      actions: [{ type: 'Action.Execute', title: text, verb: 'v', data: { pick: text, list: [text] } }],
    });
    assert.deepEqual(card, {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'Said: \\*x\\*' },
        { type: 'FactSet', facts: [{ title: '\\*x\\*', value: '\\*x\\*' }] },
        { type: 'Input.Text', id: '*x*', value: '*x*', label: '*x*' },
      ],
      actions: [{ type: 'Action.Execute', title: '*x*', verb: 'v', data: { pick: '*x*', list: ['*x*'] } }],
    });
  });

  it('keeps markdown written in the template itself, and lets nobody forge a mark', () => {
    const card = finishCard({ type: 'TextBlock', text: `Type **help**. ${markData('\uE001**x**\uE000')}` });
    assert.equal(card.text, 'Type **help**. \\*\\*x\\*\\*');
    assert.equal(markData(''), '', 'an empty string stays empty, for $when tests');
  });
});
