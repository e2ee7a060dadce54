// The call picker shared by the LAP pages, and the names of a call's municipalities.
import { get } from './api.js';
import { field, h, select } from './ui.js';

/** Loads the calls and returns {calls, current, form}; choosing a call navigates to #/route/CALL. */
export async function callPicker(ctx, route, chosen) {
  const calls = (await get('/calls')).calls || [];
  const current = chosen || ctx.memory.call || (calls.length ? calls[calls.length - 1].id : null);
  ctx.memory.call = current;
  const sel = select(calls.map((c) => [c.id, `${c.title} (${c.id})`]), current);
  const form = h(
    'form',
    { class: 'inline', onsubmit: (ev) => { ev.preventDefault(); ctx.navigate(`#/${route}/${encodeURIComponent(sel.value)}`); } },
    field('Oproep', sel),
    h('button', { type: 'submit' }, 'Kies'),
  );
  return { calls, current, form };
}

/** The parameter version of a call in force on a day (the latest valid_from not after it). */
export function versionOn(call, day) {
  const vs = [...(call.versions || [])].sort((a, b) => (a.valid_from < b.valid_from ? -1 : 1));
  let v = vs[0];
  for (const x of vs) if (!day || x.valid_from <= day) v = x;
  return v || call;
}

/** NIS code -> name from the call's werktabel; empty when it cannot be made (no counts yet). */
export async function municipalityNames(call) {
  try {
    const w = await get(`/calls/${encodeURIComponent(call)}/werktabel`);
    return new Map((w.rows || []).map((r) => [r.nis, r.name]));
  } catch {
    return new Map();
  }
}
