// What the pages about dossiers share (docs/api.md, "Cases (dossiers) and identity"): the Dutch
// words for the sides, the kinds and statuses of actions, the history, and opening a dossier.
import { ApiError, dutchMessage, post } from './api.js';
import { fmtDate, h } from './ui.js';

export const SIDES = { ocmw: 'OCMW', vdab: 'VDAB' };
export const sideLabel = (s) => SIDES[s] || s || '';

/** The side the signed-in user acts for: a VDAB mediator for VDAB, a counsellor for the OCMW. */
export const userSide = (ctx) => (ctx.user && ctx.user.role === 'vdab_mediator' ? 'vdab' : 'ocmw');

export const KINDS = [
  ['intake', 'Intake'],
  ['screening', 'Screening'],
  ['training', 'Opleiding'],
  ['jobcoaching', 'Jobcoaching'],
  ['twe_ocmw', 'TWE-OCMW (art. 60)'],
  ['wijk_werken', 'Wijk-werken'],
  ['social_economy', 'Sociale economie'],
  ['childcare', 'Kinderopvang'],
  ['mobility', 'Mobiliteit'],
  ['language', 'Taal'],
  ['care', 'Zorg'],
  ['other', 'Andere'],
];
export const STATUSES = [
  ['planned', 'gepland'],
  ['in_progress', 'lopend'],
  ['done', 'afgerond'],
  ['cancelled', 'geannuleerd'],
];
const lookup = (list, key) => (list.find(([k]) => k === key) || [key, key])[1];
export const kindLabel = (k) => lookup(KINDS, k);
export const statusLabel = (s) => lookup(STATUSES, s);

export const EVENTS = {
  case_opened: 'Dossier geopend',
  action_added: 'Actie toegevoegd',
  action_changed: 'Actie gewijzigd',
  note_added: 'Notitie toegevoegd',
  handover_proposed: 'Warme overdracht voorgesteld',
  handover_accepted: 'Warme overdracht aanvaard',
  handover_declined: 'Warme overdracht geweigerd',
  transmission_sent: 'Doormelding verstuurd',
  transmission_answered: 'Doormelding beantwoord',
  exemption_granted: 'Vrijstelling toegekend',
  exemption_extended: 'Vrijstelling verlengd',
  exemption_ended: 'Vrijstelling beëindigd',
  worker_changed: 'Opvolger gewijzigd',
  case_closed: 'Dossier afgesloten',
};
export const eventLabel = (k) => EVENTS[k] || k;

/** The OCMW's answers to a transmission (doormelding) of VDAB. */
export const ANSWERS = [
  ['sanction_considered', 'sanctie overwogen'],
  ['no_sanction', 'geen sanctie'],
  ['other', 'andere'],
];
export const answerLabel = (a) => lookup(ANSWERS, a);
/** The grounds of an exemption (vrijstelling) of the availability for work. */
export const EXEMPTION_KINDS = [
  ['health', 'gezondheid'],
  ['equity', 'billijkheid'],
];
export const exemptionKindLabel = (k) => lookup(EXEMPTION_KINDS, k);

/** The detail of a history event with the codes of sides, kinds and statuses in Dutch. */
export function eventDetail(detail) {
  if (!detail) return '';
  // Only codes ("regie: vdab", "training: done"); free text (a reason) is shown as typed.
  const text = String(detail)
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3-$2-$1')
    .replace(/^(vrijstelling \d+) \((health|equity)\)/,
      (m, x, k) => `${x} (${exemptionKindLabel(k)})`);
  if (!/^[a-z0-9_:;,.\s-]+$/.test(text)) return text;
  const words = {
    ...SIDES,
    ...Object.fromEntries(KINDS),
    ...Object.fromEntries(STATUSES),
    ...Object.fromEntries(ANSWERS),
    ...Object.fromEntries(EXEMPTION_KINDS),
  };
  return text.replace(/\b[a-z_]+\b/g, (w) => words[w] || w);
}

/** The message of a conflict (409), after which the page shows the dossier as it is now. */
export const reloaded = (err) => `${dutchMessage(err)} Het dossier is intussen opnieuw geladen.`;

const HANDOVER_STATUSES = { accepted: 'aanvaard', declined: 'geweigerd' };
/** A handover waits for a decision until it is accepted or declined. */
export const handoverWaits = (ho) => !(ho.status in HANDOVER_STATUSES);
export const handoverStatusLabel = (s) => HANDOVER_STATUSES[s] || 'wacht op een beslissing';

const oneDecimal = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });
/** The lead time of a handover: "26,5 uur", or from two days on "2,3 dagen". */
export function fmtLead(hours) {
  if (hours === null || hours === undefined) return '';
  if (hours < 1) return 'minder dan een uur';
  if (hours < 48) return `${oneDecimal.format(hours)} uur`;
  return `${oneDecimal.format(hours / 24)} dagen`;
}

/**
 * Opens the dossier of a person (POST /cases) and returns its id; when the person already has an
 * open dossier, returns that one's id.
 */
export async function openCase(person, purpose) {
  try {
    const c = await post('/cases', { person, purpose });
    return c.case;
  } catch (err) {
    const existing = err instanceof ApiError && err.code === 'exists' ? err.body.case : null;
    if (existing) return existing;
    throw err;
  }
}

const SEXES = { M: 'man', F: 'vrouw' };
const SOURCES = {
  ocmw: 'het OCMW (leefloondossiers bij de POD MI)',
  vdab: 'VDAB (inschrijvingen als werkzoekende)',
};
const or = (v) => (v === null || v === undefined || v === '' ? 'onbekend' : v);

/** The identity of a person as the user's organisation knows it, as a description list. */
export function identityList(id) {
  const a = id.address || {};
  const street = [a.street, a.house_number].filter(Boolean).join(' ');
  const address = [street, a.postcode].filter(Boolean).join(', ');
  const name = [id.first_name, id.last_name].filter(Boolean).join(' ');
  const rows = [
    ['Naam', or(name)],
    ['INSZ', or(id.insz)],
    ['Geboortedatum', or(fmtDate(id.birth_date))],
    ['Geslacht', or(SEXES[id.sex] || id.sex)],
    ['Adres', or(address)],
    ['Bron', `zoals gekend bij ${SOURCES[id.source] || or(id.source)}`],
  ];
  return h('dl', { class: 'info identity' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

const CASE_STATUSES = { open: 'open', closed: 'afgesloten' };
export const caseStatusLabel = (s) => CASE_STATUSES[s] || s;
