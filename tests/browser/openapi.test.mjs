// docs/openapi.yaml: valid OpenAPI 3 (an independent validator, @apidevtools/swagger-parser),
// and its paths and methods are exactly the server's routes: those `lap serve --routes` prints
// when the binary has that option (run.sh passes them in LAP_ROUTES), otherwise the route
// tables of docs/api.md and docs/server.md; and the server's answers match the schemas.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import YAML from 'yaml';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specPath = join(repo, 'docs', 'openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];
// Parameter names do not matter for the comparison; HEAD is answered for every GET route.
const norm = (method, path) => `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;

function specRoutes() {
  const spec = YAML.parse(readFileSync(specPath, 'utf8'));
  const out = new Set();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) if (item[m] && m !== 'head') out.add(norm(m, path));
  }
  return out;
}

/** The routes documented in docs/api.md (tables and the session prose) and docs/server.md. */
export function documentedRoutes() {
  const out = new Set();
  const api = readFileSync(join(repo, 'docs', 'api.md'), 'utf8');
  for (const m of api.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)`/gm)) {
    out.add(norm(m[1], m[2].split(/[[?]/)[0]));
  }
  for (const m of api.matchAll(/(GET|POST|PUT|PATCH|DELETE)\s+(\/api\/v1\/session)\b/g)) out.add(norm(m[1], m[2]));
  const server = readFileSync(join(repo, 'docs', 'server.md'), 'utf8');
  for (const m of server.matchAll(/^\| ((?:GET|HEAD)(?:, (?:GET|HEAD))*) \| `(\/[a-z]+)`/gm)) {
    for (const method of m[1].split(', ')) if (method !== 'HEAD') out.add(norm(method, m[2]));
  }
  return out;
}

function serverRoutes(file) {
  const out = new Set();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [method, pattern] = line.trim().split(/\s+/);
    if (!method || !pattern || method === 'HEAD') continue;
    out.add(norm(method, pattern));
  }
  return out;
}

const diff = (a, b) => [...a].filter((x) => !b.has(x)).sort();

test('docs/openapi.yaml is a valid OpenAPI 3.0 document', async () => {
  const api = await SwaggerParser.validate(specPath);
  assert.match(api.openapi, /^3\.0\./);
  assert.ok(api.components.securitySchemes.sessionCookie.in === 'cookie');
  assert.ok(api.components.securitySchemes.csrfToken.name === 'X-CSRF-Token');
});

test('every operation that changes something requires the CSRF header', () => {
  const spec = YAML.parse(readFileSync(specPath, 'utf8'));
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of ['post', 'put', 'patch', 'delete']) {
      if (!item[m] || (path === '/api/v1/session' && m === 'post')) continue;
      const sec = item[m].security || [];
      assert.ok(sec.some((s) => 'csrfToken' in s && 'sessionCookie' in s), `${m.toUpperCase()} ${path}`);
    }
  }
});

test('the paths and methods are those of the server', () => {
  const spec = specRoutes();
  let routes;
  assert.ok(process.env.LAP_ROUTES, 'run.sh passes the output of `lap serve --routes`');
  routes = serverRoutes(process.env.LAP_ROUTES);
  console.log(`openapi: compared with the ${routes.size} routes of \`lap serve --routes\``);
  assert.deepEqual(diff(routes, spec), [], 'routes missing from docs/openapi.yaml');
  assert.deepEqual(diff(spec, routes), [], 'operations in docs/openapi.yaml that the server does not have');
});

test('the documented routes are all in docs/openapi.yaml', () => {
  assert.deepEqual(diff(documentedRoutes(), specRoutes()), []);
});

/** Signs in over HTTP; returns a GET that carries the cookie. */
async function session(username) {
  const res = await fetch(`${process.env.LAP_BASE_URL}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: process.env.LAP_PASSWORD }),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  return (path) => fetch(`${process.env.LAP_BASE_URL}${path}`, { headers: { cookie } });
}

test('the answers of the running server match the schemas of docs/openapi.yaml', async (t) => {
  if (!process.env.LAP_BASE_URL) {
    t.skip('no server (LAP_BASE_URL is set by run.sh)');
    return;
  }
  const api = await SwaggerParser.dereference(specPath);
  // OpenAPI 3.0 schemas: `nullable` is understood, `example` and formats are not checked.
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const checks = [
    ['wse', '/healthz', '/healthz'],
    ['wse', '/api/v1/session', '/api/v1/session'],
    ['wse', '/api/v1/calls', '/api/v1/calls'],
    ['wse', '/api/v1/calls/lap-2024', '/api/v1/calls/{call}'],
    ['wse', '/api/v1/calls/lap-2024/werktabel', '/api/v1/calls/{call}/werktabel'],
    ['wse', '/api/v1/calls/lap-2024/applications', '/api/v1/calls/{call}/applications'],
    ['wse', '/api/v1/calls/lap-2024/participants', '/api/v1/calls/{call}/participants'],
    ['wse', '/api/v1/calls/lap-2023/progress', '/api/v1/calls/{call}/progress'],
    ['wse', '/api/v1/calls/lap-2023/statements', '/api/v1/calls/{call}/statements'],
    ['wse', '/api/v1/areas', '/api/v1/areas'],
    ['wse', '/api/v1/dashboard/11002', '/api/v1/dashboard/{nis}'],
    ['wse', '/api/v1/flanders', '/api/v1/flanders'],
    ['wse', '/api/v1/area-dashboard?level=province&code=10000', '/api/v1/area-dashboard'],
    ['ocmw-11002', '/api/v1/compare?nis=11002,11001&indicator=reach', '/api/v1/compare'],
    ['ocmw-11002', '/api/v1/transitions', '/api/v1/transitions'],
    ['wse', '/api/v1/transitions?nis=11002', '/api/v1/transitions'],
    ['ocmw-11002', '/api/v1/profile?nis=11002', '/api/v1/profile'],
    ['wse', '/api/v1/profile?nis=44021&indicator=outflow_rate', '/api/v1/profile'],
    ['vdab', '/api/v1/link/review', '/api/v1/link/review'],
    ['ocmw-11002', '/api/v1/persons?nis=11002&indicator=reach&variant=all&period=2024-06&role=numerator&purpose=controle%20van%20het%20schema', '/api/v1/persons'],
  ];
  const sessions = {};
  let checked = 0;
  for (const [user, url, pattern] of checks) {
    sessions[user] ??= await session(user);
    const res = await sessions[user](url);
    assert.equal(res.status, 200, `${url}: ${await res.clone().text()}`);
    const schema = api.paths[pattern].get.responses['200'].content['application/json'].schema;
    const validate = ajv.compile(schema);
    const body = await res.json();
    assert.ok(validate(body), `${url}: ${ajv.errorsText(validate.errors)}`);
    checked++;
  }
  console.log(`openapi: ${checked} answers match their schemas`);
});
