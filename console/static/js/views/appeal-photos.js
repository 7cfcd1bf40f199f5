/**
 * Residents' photos of an appeal (sent on the public site), and the e-mail a resident left with a
 * web appeal: a block of its own beside the appeal page. The photos come with the bearer token
 * (every read is audited on the server) and are shown as data: URLs, which the console's policy allows.
 */
import { h, replace } from '../dom.js';
import { session } from '../session.js';
import { fmtDateTime } from '../format.js';

/**
 * @param {{ id: number, number: string }} a
 * @returns {HTMLElement} hidden until there is something to show
 */
export function appealPhotos(a) {
  const box = h('section', { class: 'card appeal-photos', hidden: true, 'aria-label': 'Фото та контакти від заявника' });
  void load(a, box);
  return box;
}

/** @param {string} path */
async function get(path) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${session.token}` } });
  if (!res.ok) throw new Error(String(res.status));
  return res;
}

/** @param {Blob} blob @returns {Promise<string>} */
function dataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** @param {{ id: number, number: string }} a @param {HTMLElement} box */
async function load(a, box) {
  /** @type {{ items: Array<{ id: number, url: string, width: number, height: number, createdAt: string, source: string }>, email: string | null }} */
  let data;
  try {
    data = await (await get(`/api/appeals/${a.id}/photos`)).json();
  } catch {
    return;
  }
  if (!data.items.length && !data.email) return;
  const figures = await Promise.all(data.items.map(async (p, i) => {
    try {
      const src = await dataUrl(await (await get(p.url)).blob());
      const img = h('img', { src, alt: `Фото ${i + 1} від заявника до звернення ${a.number}`, width: '320', class: 'appeal-photo' });
      // A click shows the photo at its own size, another click makes it small again.
      img.addEventListener('click', () => img.setAttribute('width', img.getAttribute('width') === '320' ? String(p.width) : '320'));
      return h('figure', null, img, h('figcaption', { class: 'muted' }, `${fmtDateTime(p.createdAt)}${p.source === 'follow_up' ? ' (доповнення)' : ''}`));
    } catch {
      return h('p', { class: 'muted' }, `Фото ${i + 1} не завантажилося`);
    }
  }));
  replace(box,
    h('h3', null, 'Від заявника (сайт для мешканців)'),
    data.email ? h('p', null, 'Ел. пошта: ', h('a', { href: `mailto:${data.email}` }, data.email)) : null,
    figures.length ? h('div', { class: 'appeal-photos-list' }, figures) : null);
  box.hidden = false;
}
