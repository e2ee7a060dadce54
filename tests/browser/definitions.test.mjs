// The dashboard's tooltips quote docs/indicators.md word for word.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const squash = (s) => s.replace(/\s+/g, ' ');

test('every definition in web/js/definitions.js is a paragraph of docs/indicators.md', async () => {
  const { DEFINITIONS } = await import(join(repo, 'web', 'js', 'definitions.js'));
  const doc = squash(readFileSync(join(repo, 'docs', 'indicators.md'), 'utf8'));
  assert.ok(Object.keys(DEFINITIONS).length >= 10);
  for (const [id, { title, text }] of Object.entries(DEFINITIONS)) {
    assert.ok(doc.includes(`**${title}.** ${text}`), `${id}: "${title}" is quoted as in docs/indicators.md`);
  }
});
