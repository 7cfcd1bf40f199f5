// Progressive enhancement of the residents' site. Every page works without this file.
(() => {
  'use strict';
  const $ = (sel, root = document) => root.querySelector(sel);

  // A form that came back with errors: move focus to their summary, so it is read out first.
  const summary = $('.error-summary');
  if (summary) summary.focus();

  // ---- The proof of work of the filing form (see public-site/spam-guard.ts) ----
  const zeroBits = (bytes) => {
    let n = 0;
    for (const b of bytes) {
      if (b === 0) { n += 8; continue; }
      return n + Math.clz32(b) - 24;
    }
    return n;
  };
  async function solve(challenge, bits) {
    const enc = new TextEncoder();
    for (let start = 0; ; start += 256) {
      const batch = [];
      for (let i = start; i < start + 256; i++) batch.push(crypto.subtle.digest('SHA-256', enc.encode(`${challenge}:${i}`)));
      const digests = await Promise.all(batch);
      for (let k = 0; k < digests.length; k++) if (zeroBits(new Uint8Array(digests[k])) >= bits) return String(start + k);
    }
  }

  // Photos: too many or too large are told before anything is sent.
  function photoProblem(form) {
    const input = $('input[type=file]', form);
    if (!input || !input.files) return '';
    const max = Number(form.dataset.photoMaxMb || 10) * 1024 * 1024;
    if (input.files.length > 3) return 'Можна додати не більше 3 фото';
    for (const f of input.files) if (f.size > max) return `Фото «${f.name}» завелике: кожне має бути до ${form.dataset.photoMaxMb} МБ`;
    return '';
  }
  for (const form of document.querySelectorAll('form[data-photo-max-mb]')) {
    form.addEventListener('submit', (e) => {
      const problem = photoProblem(form);
      if (!problem) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      let box = $('.photo-problem', form);
      if (!box) {
        box = document.createElement('p');
        box.className = 'error photo-problem';
        box.setAttribute('role', 'alert');
        $('input[type=file]', form).before(box);
      }
      box.textContent = problem;
      $('input[type=file]', form).focus();
    });
  }

  const filing = $('#filing');
  if (filing && window.crypto && crypto.subtle) {
    filing.addEventListener('submit', async (e) => {
      const pow = filing.elements.namedItem('pow');
      if (pow.value) return;
      e.preventDefault();
      const button = $('button[type=submit]', filing);
      const status = $('#pow-status');
      button.disabled = true;
      status.textContent = 'Перевіряємо, що форму надсилає людина… Це триває кілька секунд.';
      try {
        pow.value = await solve(filing.elements.namedItem('challenge').value, Number(filing.dataset.powBits));
        status.textContent = 'Надсилаємо…';
        filing.submit();
      } catch {
        // Without the proof the server still takes the form a little later (the no-JavaScript path).
        status.textContent = '';
        button.disabled = false;
        filing.submit();
      }
    });
  }

  // ---- Category search as you type, with the server's own search ----
  const searchForm = $('form[data-category-search]');
  const results = $('#search-results');
  const select = $('#f-category');
  if (searchForm && results && select) {
    const q = $('input[name=q]', searchForm);
    let timer = 0;
    let asked = '';
    const show = (items) => {
      results.textContent = '';
      const p = document.createElement('p');
      p.textContent = items.length ? `Знайдено ${items.length}. Оберіть одну:` : 'Нічого не знайдено. Оберіть категорію зі списку нижче.';
      results.append(p);
      if (!items.length) return;
      const ul = document.createElement('ul');
      ul.className = 'found';
      for (const item of items) {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = item.name;
        b.addEventListener('click', () => {
          select.value = item.code;
          select.focus();
        });
        li.append(b);
        if (item.emergency) {
          const tag = document.createElement('span');
          tag.className = 'tag';
          tag.textContent = 'аварійне';
          li.append(' ', tag);
        }
        ul.append(li);
      }
      results.append(ul);
    };
    const run = async () => {
      const text = q.value.trim();
      if (text === asked) return;
      asked = text;
      if (!text) { results.textContent = ''; return; }
      try {
        const res = await fetch(`${searchForm.action}/poshuk?q=${encodeURIComponent(text)}`, { headers: { accept: 'application/json' } });
        if (res.ok && asked === text) show((await res.json()).items);
      } catch { /* the button still searches without the script */ }
    };
    q.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    searchForm.addEventListener('submit', (e) => {
      e.preventDefault();
      asked = '';
      run();
    });
  }
})();
