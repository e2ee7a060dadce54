// Koppelingen nakijken: the clerical review queue of the linkage (GET /api/v1/link/review) and a
// reviewer's decision about one item (POST /api/v1/link/review/{item}/decision). Each item is
// explained as a waterfall of its field weights. The server writes every item it lists and every
// decision to the audit log; the page shows pseudonyms, client numbers, levels and weights only.
import { dutchMessage, get, post } from '../api.js';
import { waterfallChart } from '../waterfall.js';
import { dataTable, h, message } from '../ui.js';

export const FIELDS = {
  insz: 'INSZ',
  last_name: 'familienaam',
  first_name: 'voornaam',
  birth_date: 'geboortedatum',
  sex: 'geslacht',
  postcode: 'postcode',
  address: 'adres',
};
const LEVELS = {
  equal: 'gelijk',
  exact: 'exact gelijk',
  one_edit: 'één cijfer fout of twee verwisseld',
  variant: 'variant van dezelfde naam',
  close: 'bijna gelijk',
  crosswise: 'kruiselings (namen verwisseld)',
  day_month_swap: 'dag en maand verwisseld',
  one_digit: 'één cijfer of één dag verschil',
  year_only: 'alleen het jaar gelijk',
  same_region: 'zelfde streek',
  same_sequence: 'zelfde volgnummer, andere geboortedatum',
  same_street: 'zelfde straat, ander huisnummer',
  different: 'verschillend',
  missing: 'ontbreekt',
};
export const REASONS = {
  between_thresholds: 'tussen de drempels',
  competing: 'concurrerend',
  guard: 'geweigerd door de controle',
};
const BANDS = {
  below_lower: 'onder de ondergrens',
  between: 'tussen de ondergrens en de bovengrens',
  from_upper: 'op of boven de bovengrens',
};
const LIMIT = 200;

const bits = new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'always' });
export const fmtBits = (v) => (v === null || v === undefined ? '' : bits.format(v));
export const fieldLabel = (f) => FIELDS[f] || f;
export const levelLabel = (l) => LEVELS[l] || l;
const reasonLabel = (r) => REASONS[r] || r;

export async function render() {
  const data = await get(`/link/review?limit=${LIMIT}`);
  const detail = h('div', { id: 'review-item' });
  const page = h(
    'div',
    {},
    h('h1', {}, 'Koppelingen nakijken'),
    h(
      'p',
      {},
      'Paren van een OCMW-persoon en een VDAB-klant die de koppeling niet zeker genoeg vond. ',
      'Per veld ziet u hoeveel het vergelijkingsniveau bijdraagt aan het gewicht (in bits). ',
      'U ziet alleen pseudoniemen en klantnummers, geen INSZ of naam; elk getoond item en elke ',
      'beslissing wordt met het doel "koppeling nakijken" in het toegangslogboek geschreven.',
    ),
  );
  if (!data.items.length) {
    page.append(message('Er zijn geen open items die u mag nakijken.', 'info'));
    return page;
  }
  const t = data.thresholds;
  page.append(
    h(
      'p',
      {},
      `${data.total} open items van koppeling ${data.run}`,
      data.total > data.items.length ? ` (de eerste ${data.items.length} worden getoond)` : '',
      t ? `; ondergrens ${fmtBits(t.lower)} bits, bovengrens ${fmtBits(t.upper)} bits.` : '.',
    ),
  );
  const show = (item) => {
    detail.replaceChildren(itemDetail(item, data, () => list.querySelector(`[data-item="${item.item}"]`)));
    detail.querySelector('h2').focus();
  };
  const list = dataTable(
    'Open items',
    [
      {
        key: 'item',
        label: 'Item',
        render: (r) => h('button', { type: 'button', class: 'link', 'data-item': r.item, onclick: () => show(r) }, `Item ${r.item}`),
      },
      { key: 'weight', label: 'Gewicht (bits)', numeric: true, format: fmtBits },
      { key: 'reason', label: 'Reden', format: reasonLabel },
      { key: 'vdab_client', label: 'VDAB-klant' },
    ],
    data.items,
    { rowHeader: 'item' },
  );
  page.append(list, detail);
  return page;
}

function itemDetail(item, data, rowButton) {
  const t = data.thresholds;
  const caption = `Bijdrage per veld aan het gewicht van item ${item.item}`;
  const out = h('div', { 'aria-live': 'polite' });
  const decide = async (decision, label) => {
    for (const b of buttons) b.disabled = true;
    out.replaceChildren(h('p', { role: 'status' }, 'Bewaren…'));
    try {
      await post(`/link/review/${item.item}/decision`, { decision });
      out.replaceChildren(message(`Beslissing bewaard: ${label}. De volgende koppeling past ze toe.`, 'info'));
      const b = rowButton();
      if (b) b.after(' (beslist)');
    } catch (err) {
      for (const b of buttons) b.disabled = false;
      out.replaceChildren(message(dutchMessage(err), 'error'));
    }
  };
  const buttons = [
    h('button', { type: 'button', class: 'primary', onclick: () => decide('match', 'zelfde persoon') }, 'Zelfde persoon'),
    h('button', { type: 'button', onclick: () => decide('nonmatch', 'verschillende personen') }, 'Verschillende personen'),
  ];
  const band = item.band ? BANDS[item.band] : null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `item-${item.item}-title` },
    h('h2', { id: `item-${item.item}-title`, tabindex: '-1' }, `Item ${item.item}`),
    h(
      'p',
      {},
      'OCMW-persoon ',
      h('code', {}, item.ocmw_person),
      `, VDAB-klant ${item.vdab_client}. Gewicht ${fmtBits(item.weight)} bits`,
      band ? `, ${band}` : '',
      `; reden: ${reasonLabel(item.reason)}.`,
      data.prior !== null && data.prior !== undefined
        ? ` De a-priorikans dat twee willekeurige identiteiten dezelfde persoon zijn (${fmtBits(data.prior)} bits) telt niet mee in het gewicht.`
        : '',
    ),
    h(
      'div',
      { class: 'waterfall' },
      waterfallChart({
        title: `Opbouw van het gewicht van item ${item.item}`,
        summary:
          `Van 0 naar ${fmtBits(item.total)} bits over ${item.fields.length} velden` +
          (t ? `; ondergrens ${fmtBits(t.lower)}, bovengrens ${fmtBits(t.upper)}.` : '.') +
          ' De cijfers staan in de tabel.',
        steps: item.fields.map((f) => ({ label: fieldLabel(f.field), from: f.from, to: f.to })),
        thresholds: t,
        format: fmtBits,
      }),
      dataTable(
        caption,
        [
          { key: 'field', label: 'Veld', format: fieldLabel },
          { key: 'level', label: 'Niveau', format: levelLabel },
          { key: 'weight', label: 'Bijdrage (bits)', numeric: true, format: fmtBits },
          { key: 'to', label: 'Tussenstand (bits)', numeric: true, format: fmtBits },
        ],
        item.fields,
        { rowHeader: 'field' },
      ),
    ),
    h('div', { class: 'actions' }, buttons),
    out,
  );
}
