/**
 * Finds categories of the classifier from a resident's plain words («немає води», «ліфт», «яма на
 * дорозі»): each word is cut to a stem (Ukrainian endings vary) and met against the words of the
 * category's name and group; everyday words are first turned into the classifier's own.
 */
export interface SearchableCategory {
  id: number;
  code: string;
  name: string;
  groupName: string;
  emergency: boolean;
}

// Everyday word (its stem) → stems of the classifier's words that mean it.
const SYNONYMS: Record<string, string[]> = {
  нем: ['відсутн', 'не прац'], нема: ['відсутн'], відс: ['відсутн'],
  ям: ['вибоїн'], ями: ['вибоїн'], ямк: ['вибоїн'], вибо: ['вибоїн'],
  світл: ['освітлен', 'електропостачан'], світ: ['освітлен', 'електропостачан'], струм: ['електропостачан'], електр: ['електр'],
  смітт: ['відход', 'сміт'], сміт: ['відход', 'сміт'],
  тепл: ['опален', 'тепло'], батаре: ['опален', 'радіатор'], холодн: ['опален', 'холодн'],
  теч: ['протікан', 'витік'], тече: ['протікан', 'витік'], капа: ['протікан'], затоп: ['залитт', 'підтоплен'],
  лід: ['ожеледиц'], слизь: ['ожеледиц'], ожеле: ['ожеледиц'],
  собак: ['тварин'], кот: ['тварин'], шум: ['шум', 'тиш'],
  автобус: ['автобус', 'транспорт'], маршрут: ['маршрут', 'транспорт'],
};
const STOP = new Set(['на', 'в', 'у', 'з', 'із', 'зі', 'і', 'й', 'та', 'не', 'до', 'під', 'по', 'біля', 'коло', 'дуже', 'вже', 'є', 'мене', 'нас']);

const words = (text: string) => text.toLowerCase().replace(/['’ʼ`]/g, '').split(/[^\p{L}\d]+/u).filter(Boolean);
const stem = (w: string) => w.slice(0, Math.max(3, w.length - 2));

/** The categories that match, best first; all of them (by group) for an empty query. */
export function searchCategories<T extends SearchableCategory>(categories: readonly T[], query: string): T[] {
  const asked = words(query).filter((w) => !STOP.has(w));
  if (asked.length === 0) return [];
  const scored = categories.map((c) => {
    const own = words(`${c.name} ${c.groupName}`);
    const named = words(c.name);
    let score = 0;
    for (const w of asked) {
      const s = stem(w);
      const alternatives = [s, ...(SYNONYMS[s] ?? SYNONYMS[w] ?? [])];
      if (alternatives.some((a) => named.some((n) => n.startsWith(a)))) score += 2;
      else if (alternatives.some((a) => own.some((n) => n.startsWith(a)))) score += 1;
    }
    return { c, score };
  });
  const best = Math.max(0, ...scored.map((x) => x.score));
  return scored
    .filter((x) => x.score > 0 && x.score >= Math.min(best, 2))
    .sort((a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name, 'uk'))
    .map((x) => x.c);
}
