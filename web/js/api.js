// The JSON API (docs/api.md): the session's CSRF token is kept in memory only and sent as
// X-CSRF-Token on every request that changes something. The session cookie is HttpOnly.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message, problems, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.problems = problems || [];
    /** The whole answer (some carry more beside `error`, e.g. the existing case). */
    this.body = body || {};
  }
}

const DUTCH = {
  unauthenticated: 'U bent niet (meer) aangemeld. Meld u opnieuw aan.',
  invalid_credentials: 'Gebruikersnaam of wachtwoord is onjuist.',
  too_many_attempts: 'Te veel mislukte aanmeldpogingen. Probeer het later opnieuw.',
  forbidden: 'U hebt geen toegang tot deze gegevens.',
  csrf: 'De beveiligingscode van uw sessie ontbreekt of is verlopen. Laad de pagina opnieuw.',
  not_found: 'Niet gevonden.',
  no_run: 'Er is nog geen meting (meetrun) beschikbaar.',
  exists: 'Deze code bestaat al.',
  conflict:
    'Conflict: iemand anders heeft dit intussen gewijzigd, of de status laat deze stap niet toe. ' +
    'Laad de gegevens opnieuw en probeer het dan nog eens.',
  invalid: 'De invoer is niet geldig.',
  invalid_file: 'Het bestand is geweigerd; er is niets opgeslagen.',
  unsupported_media_type: 'Dit soort bestand wordt niet aanvaard.',
  body_too_large: 'Het bestand is te groot.',
  bad_request: 'Ongeldige aanvraag.',
  purpose_required: 'Geef het doel van de raadpleging op (5 tot 200 tekens).',
  internal: 'Er ging iets mis op de server.',
};

/** A Dutch sentence for an API error (the server's English message is kept as detail). */
export function dutchMessage(err) {
  if (!(err instanceof ApiError)) return 'De server is niet bereikbaar.';
  let text = DUTCH[err.code] || `Fout ${err.status}.`;
  if (err.problems.length && typeof err.problems[0] === 'object') {
    // The server's Dutch text of each problem ("Budget: is verplicht").
    text += ' ' + err.problems.map((p) => p.message || `${p.pointer}: ${p.rule}`).join('; ');
  }
  return text;
}

export function setCsrf(token) {
  csrfToken = token;
}

export async function api(method, path, body) {
  return send(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
}

/** Sends a file's bytes as the body (an upload: a table, a PDF) with its content type. */
export function upload(method, path, file, contentType) {
  return send(method, path, file, contentType);
}

async function send(method, path, body, contentType) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    init.body = body;
  }
  let res;
  try {
    res = await fetch('/api/v1' + path, init);
  } catch (e) {
    throw new ApiError(0, 'network', String(e));
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(res.status, e.code || 'http_' + res.status, e.message || '', e.problems, data);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);
