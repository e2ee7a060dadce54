// The LAP tables as the API answers them (docs/lap-files.md: {document, info, rows}) shown with
// the same Dutch headings as the CSV and XLSX downloads.
import { dataTable, fmtBool, fmtEuro, fmtInt, fmtPct, h } from './ui.js';

export const HEADINGS = {
  unit_id: 'Eenheid',
  nis: 'NIS-code',
  name: 'Gemeente',
  n: 'N (leefloners)',
  m_cents: 'Trekkingsrecht M (€)',
  b: 'Basislijn B',
  e: 'Extra engagement E',
  t: 'Doel T',
  m_before_cents: 'M vóór herverdeling (€)',
  received_cents: 'Ontvangen (€)',
  cap_cents: 'Plafond (€)',
  at_cap: 'Aan plafond',
  reduced_commitment: 'Lager engagement',
  month: 'Maand',
  confirmed: 'Bevestigd',
  pending: 'Lopend',
  r: 'Resultaat R',
  achieved_pct: 'Behaald %',
  earned_pct: 'Verdiend %',
  earned_cents: 'Verdiend (€)',
  subsidy_pct: 'Subsidie volgens de regel van de oproep %',
  subsidy_cents: 'Subsidie volgens de regel van de oproep (€)',
  projected_r: 'Verwachte R einde periode',
  projection: 'Projectiemethode',
  projected_achieved_pct: 'Verwacht behaald %',
  projected_earned_cents: 'Verwacht verdiend (€)',
  projected_subsidy_pct: 'Verwachte subsidie volgens de regel van de oproep %',
  projected_subsidy_cents: 'Verwachte subsidie volgens de regel van de oproep (€)',
  members: 'Leden',
  rule: 'Regel',
  advance_cents: 'Voorschot (€)',
  advance_paid_cents: 'Betaald voorschot (€)',
  entitled_cents: 'Totaal toegekend (€)',
  balance_cents: 'Saldo (€)',
  status: 'Status',
  annual_report_approved: 'Jaarverslag goedgekeurd op',
  expected_r: 'Verwachte R',
  payment_cents: 'Betaling (€)',
};

export const CODES = {
  pro_rata: 'pro rata',
  pro_rata_with_floor: 'pro rata met bodem',
  last_12_months: 'gemiddelde van de laatste 12 maanden',
  period_run_rate: 'tempo van de periode tot nu',
  held: 'in wacht (jaarverslag niet goedgekeurd)',
  payable: 'te betalen',
  to_recover: 'terug te vorderen',
  settled: 'vereffend',
  count_table: 'teltabel POD MI (geïmporteerd)',
  linked_data: 'gekoppelde gegevens',
  vdab_table: 'resultatentabel VDAB (geïmporteerd)',
  measurement_engine: 'meetmotor (gekoppelde gegevens)',
  before_deadline: 'eigen trekkingsrechten (geen herverdeling vóór de indieningsdatum)',
  awaiting_decision: 'eigen trekkingsrechten: WSE besliste nog niet over de herverdeling',
};

export const code = (v) => (v === null || v === undefined ? '' : CODES[v] || v);

export function formatValue(key, v) {
  if (v === null || v === undefined) return '';
  if (key === 'rights_basis' && String(v).startsWith('decision:')) {
    return `herverdeling volgens beslissing ${String(v).slice('decision:'.length)} van WSE`;
  }
  if (key.endsWith('_cents')) return fmtEuro(v);
  if (key.endsWith('_pct') || key === 'threshold' || key === 'advance') return fmtPct(v);
  if (typeof v === 'boolean') return fmtBool(v);
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number') return fmtInt(v);
  return code(v);
}

const INFO_LABELS = {
  call_id: 'Oproep',
  call_title: 'Titel',
  parameter_version: 'Parameterversie',
  rights_basis: 'Trekkingsrechten',
  inputs: 'Berekend uit',
  count_source: 'Bron van de tellingen',
  result_source: 'Bron van de resultaten',
  projection: 'Projectiemethode',
  generated_on: 'Aangemaakt op',
  budget_cents: 'Budget',
  amount_per_outflow_cents: 'Bedrag per extra uitstroom',
  threshold: 'Drempel',
  municipalities: 'Aantal gemeenten',
  total_n: 'Totaal N',
  total_m_cents: 'Totaal M',
  total_b: 'Totaal B',
  total_e: 'Totaal E',
  total_t: 'Totaal T',
  units: 'Aantal eenheden',
  participants: 'Aantal deelnemers',
  projected_cost_cents: 'Verwachte kost',
  paid_municipalities: 'Betaalde gemeenten',
  unallocated_cents: 'Niet toegewezen',
  total_entitled_cents: 'Totaal toegekend',
  total_payable_cents: 'Nog te betalen',
  total_to_recover_cents: 'Terug te vorderen',
  held: 'In wacht',
  advance: 'Voorschot',
  rule: 'Afrekeningsregel',
  redistribution_cap: 'Plafond bij herverdeling',
  pool_cents: 'Te herverdelen',
  allocated_cents: 'Toegewezen',
  rounds: 'Rondes',
  missing: 'Ontbrekend in de tellingen',
  held_applications: 'Niet opgevolgd',
  first_month: 'Eerste maand',
  last_month: 'Laatste maand',
};

/** The info block as a description list. */
export function infoList(info) {
  const dl = h('dl', { class: 'info' });
  for (const [k, v] of Object.entries(info || {})) {
    if (!(k in INFO_LABELS)) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    dl.append(h('dt', {}, INFO_LABELS[k]), h('dd', {}, formatValue(k, v)));
  }
  return dl;
}

/** A sheet document as a sortable table with Dutch headings. */
export function sheetTable(caption, doc, { rowHeader = 'name' } = {}) {
  const rows = doc.rows || [];
  const keys = rows.length ? Object.keys(rows[0]) : [];
  const order = Object.keys(HEADINGS);
  keys.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const columns = keys.map((k) => ({
    key: k,
    label: HEADINGS[k] || k,
    numeric: rows.some((r) => typeof r[k] === 'number') || k.endsWith('_pct'),
    nowrap: true,
    format: (v) => formatValue(k, v),
    sortValue: (r) => (k.endsWith('_pct') && r[k] !== null ? Number(r[k]) : r[k]),
  }));
  if (!rows.length) return h('p', {}, 'Deze tabel heeft geen rijen.');
  return dataTable(caption, columns, rows, {
    sortable: true,
    rowHeader: keys.includes(rowHeader) ? rowHeader : keys[0],
  });
}
