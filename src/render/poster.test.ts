import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeQrPng as decodePng } from '../../test/support/qr-decode.ts';
import { bundledFontFile, missingGlyphs } from './fonts.ts';
import { posterLines, renderPoster } from './poster.ts';

test("the poster's QR decodes back to the participant's link, and its Chinese text is drawn by the bundled font (no tofu)", () => {
  const input = { campaignName: '邀请好友 共读一本好书', kindLabel: '送', participantName: '张晓燕🌸', offer: '好友入群即得 5 元红包', link: 'https://qunyun.example/k/AbCdEf123/tok_Zx9-8', theme: 'red' };
  const png = renderPoster(input);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(decodePng(png), input.link);
  const lines = posterLines(input);
  assert.equal(lines.name, '张晓燕', 'the emoji the font lacks is left out');
  const text = Object.values(lines).join('') + input.kindLabel;
  assert.deepEqual(missingGlyphs(text), []);
  assert.deepEqual(missingGlyphs(text, bundledFontFile('chinese-simplified', 700)), []);
  // Control: the check can fail (the Latin slice has no Chinese glyphs).
  assert.ok(missingGlyphs(lines.name, bundledFontFile('latin', 400)).length === 3);
  // Another participant, another link: the QR follows.
  assert.equal(decodePng(renderPoster({ ...input, participantName: '李雷', link: 'https://qunyun.example/k/AbCdEf123/other', theme: 'blue' })), 'https://qunyun.example/k/AbCdEf123/other');
});
