// Werktabel: GET /api/v1/calls/{call}/werktabel[?on=DATE], with downloads.
import { get } from '../api.js';
import { callPicker } from '../calls-common.js';
import { infoList, sheetTable } from '../sheets.js';
import { downloadLinks, h, message } from '../ui.js';

export async function render(ctx, args) {
  const { current, form } = await callPicker(ctx, 'werktabel', args[0]);
  const page = h('div', {}, h('h1', {}, 'Werktabel'), form);
  if (!current) {
    page.append(message('Er zijn nog geen oproepen.'));
    return page;
  }
  const path = `/calls/${encodeURIComponent(current)}/werktabel`;
  const doc = await get(path);
  page.append(
    h('p', {}, 'Per gemeente: het aantal leefloners N, het trekkingsrecht M, de basislijn B, het extra engagement E en het doel T.'),
    downloadLinks(path, 'Werktabel'),
    infoList(doc.info),
    sheetTable(`Werktabel ${current}`, doc),
  );
  return page;
}
