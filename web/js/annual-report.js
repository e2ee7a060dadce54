// The annual report of an approved or running application as a document: the members' local
// governments upload the PDF (PUT /api/v1/applications/{id}/annual-report-document), the members
// and WSE download it, and WSE records the council's approval after reading it
// (POST /api/v1/applications/{id}/annual-report).
import { ApiError, dutchMessage, post, upload } from './api.js';
import { field, fmtInt, h, message } from './ui.js';

const MAX_BYTES = 10 * 1024 * 1024;

/** Whether the application can hold an annual report. */
export const takesAnnualReport = (app) => ['approved', 'running'].includes(app.status);

/** `jaarverslag.pdf (12 kB), opgeladen op 2024-09-01 door gemeente-11002` with its download link. */
export function documentInfo(app) {
  const d = app.annual_report_document;
  if (!d) return 'nog niet opgeladen';
  return h('span', { class: 'report-document' },
    h('a', { href: `/api/v1/applications/${encodeURIComponent(app.id)}/annual-report-document`, download: d.file_name },
      `${d.file_name} downloaden (PDF)`),
    ` — ${fmtInt(Math.max(1, Math.round(d.size / 1024)))} kB, opgeladen op ${(d.uploaded_at || '').slice(0, 10)} door ${d.uploaded_by}`);
}

/** A member's upload of the PDF; `done(text)` after success, `fail(node)` otherwise. */
export function uploadControls(app, done, fail) {
  const input = h('input', { type: 'file', accept: 'application/pdf,.pdf' });
  const send = async () => {
    const file = input.files[0];
    if (!file) return fail(message('Kies eerst het jaarverslag (een PDF-bestand).', 'error'), input);
    if (file.type && file.type !== 'application/pdf') return fail(message('Het jaarverslag moet een PDF-bestand zijn.', 'error'), input);
    if (file.size > MAX_BYTES) return fail(message('Het jaarverslag is te groot: hoogstens 10 MiB.', 'error'), input);
    try {
      const path = `/applications/${encodeURIComponent(app.id)}/annual-report-document?file=${encodeURIComponent(file.name)}`;
      const d = await upload('PUT', path, file, 'application/pdf');
      done(`Aanvraag ${app.id}: jaarverslag ${d.file_name} opgeladen.`);
    } catch (err) {
      // The server explains a refused report (not a PDF, wrong status) in Dutch.
      const text = err instanceof ApiError && [409, 415, 422].includes(err.status) && err.message
        ? err.message : dutchMessage(err);
      fail(message(text, 'error'), input);
    }
  };
  return [
    field(app.annual_report_document ? 'Nieuwe versie van het jaarverslag (PDF)' : 'Jaarverslag (PDF, hoogstens 10 MiB)', input,
      'Het inhoudelijk en financieel jaarverslag; een nieuwe versie vervangt de vorige.'),
    h('button', { type: 'button', onclick: send }, 'Jaarverslag opladen'),
  ];
}

/** WSE: the date the council approved the report, once the document has been read. */
export function approvalControls(app, done, fail) {
  const day = h('input', { type: 'date' });
  const record = async () => {
    if (!day.value) return fail(message('Geef de datum van de goedkeuring van het jaarverslag.', 'error'), day);
    try {
      await post(`/applications/${encodeURIComponent(app.id)}/annual-report`, { approved: day.value, row_version: app.row_version });
      done(`Aanvraag ${app.id}: goedkeuring van het jaarverslag geregistreerd.`);
    } catch (err) {
      fail(message(dutchMessage(err), 'error'), day);
    }
  };
  const controls = [
    field('Jaarverslag goedgekeurd door de gemeenteraad op', day),
    h('button', { type: 'button', onclick: record }, 'Jaarverslag registreren'),
  ];
  if (app.annual_report_document) return controls;
  return [h('p', { class: 'note' }, 'Er is nog geen jaarverslag opgeladen; registreer de goedkeuring pas nadat u het gelezen hebt.'), ...controls];
}
