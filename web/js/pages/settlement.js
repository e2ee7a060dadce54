// Afrekening: GET /api/v1/calls/{call}/statements, POST .../settlement and
// .../settlement/verification (WSE).
import { dutchMessage, get, post } from '../api.js';
import { callPicker } from '../calls-common.js';
import { infoList, sheetTable } from '../sheets.js';
import { downloadLinks, h, message } from '../ui.js';

export async function render(ctx, args) {
  const { current, form } = await callPicker(ctx, 'afrekening', args[0]);
  const page = h('div', {}, h('h1', {}, 'Afrekening'), form);
  if (!current) {
    page.append(message('Er zijn nog geen oproepen.'));
    return page;
  }
  const path = `/calls/${encodeURIComponent(current)}`;
  const doc = await get(`${path}/statements`);
  const out = h('div', { 'aria-live': 'polite' });
  const settle = h('button', { type: 'button', class: 'danger' }, 'Afrekenen');
  settle.addEventListener('click', async () => {
    if (!window.confirm('De betalingsoverzichten die niet in wacht staan, worden definitief vereffend. Doorgaan?')) return;
    try {
      await post(`${path}/settlement`, {});
      out.replaceChildren(message('De afrekening is geregistreerd.'));
      ctx.navigate(`#/afrekening/${current}`);
    } catch (err) {
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  const checked = h('div', { 'aria-live': 'polite', id: 'verification' });
  const verify = h('button', { type: 'button' }, 'Afrekening controleren');
  verify.addEventListener('click', async () => {
    try {
      const v = await post(`${path}/settlement/verification`, {});
      const text = `${v.statements} vereffende betalingsoverzichten herberekend uit de gegevens die ze vastlegden: ${v.differences} verschillen.`;
      checked.replaceChildren(message(text, v.differences ? 'error' : 'info'));
    } catch (err) {
      checked.replaceChildren(message(dutchMessage(err), 'error'));
    }
  });
  page.append(
    h('p', {}, 'De betalingsoverzichten op basis van de resultaten die nu gekend zijn. Overzichten van eenheden waarvan het jaarverslag niet goedgekeurd is, blijven in wacht.'),
    downloadLinks(`${path}/statements`, 'Betalingsoverzichten'),
    infoList(doc.info),
    sheetTable(`Betalingsoverzichten ${current}`, doc, { rowHeader: 'unit_id' }),
    h('h2', {}, 'Afrekenen'),
    settle,
    out,
    h('h2', {}, 'Controle'),
    h('p', {}, 'Elk vereffend betalingsoverzicht legt vast waaruit het berekend werd: de parameterversie, de herverdelingsbeslissing, de tellingen en de resultaten (bestand met SHA-256, of dataload en koppelrun). De controle berekent ze opnieuw uit precies die gegevens.'),
    verify,
    checked,
  );
  return page;
}
