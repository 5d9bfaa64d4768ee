import assert from 'node:assert/strict';
import { escapeData, escapeMarkdown } from '../../src/cards/escape';

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

  it('escapes every string inside template data, nested or in arrays', () => {
    assert.deepEqual(escapeData({ a: '*x*', n: 3, list: [{ b: '<at>y</at>' }] }), {
      a: '\\*x\\*',
      n: 3,
      list: [{ b: '\\<at\\>y\\</at\\>' }],
    });
  });
});
