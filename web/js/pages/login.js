// Aanmelden: POST /api/v1/session.
import { dutchMessage, post } from '../api.js';
import { field, h, message } from '../ui.js';

export async function render(ctx) {
  const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    field('Gebruikersnaam', user),
    field('Wachtwoord', pass),
    h('button', { type: 'submit', class: 'primary' }, 'Aanmelden'),
    status,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    status.replaceChildren();
    if (!user.value || !pass.value) {
      status.append(message('Vul uw gebruikersnaam en wachtwoord in.', 'error'));
      return;
    }
    try {
      const u = await post('/session', { username: user.value, password: pass.value });
      ctx.signedIn(u);
      ctx.navigate('#/');
    } catch (err) {
      status.append(message(dutchMessage(err), 'error'));
      pass.value = '';
      pass.focus();
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'login-h' },
    h('h1', { id: 'login-h' }, 'Aanmelden'),
    h('p', {}, 'Meld u aan met de account die u van uw beheerder kreeg.'),
    form,
  );
}
