import { searchCategories } from '../../public-site/classifier-search';
import { categories } from '../../scripts/seed-data/categories';
import { leadingZeroBits, sha256, solveChallenge } from '../../public-site/spam-guard';

const all = categories.map((c, i) => ({ id: i + 1, code: c.code, name: c.name, groupName: c.group, emergency: c.emergency }));
const codes = (q: string) => searchCategories(all, q).map((c) => c.code);

describe('the classifier found by plain words', () => {
  test.each([
    ['немає води', ['cold-water-none', 'hot-water-none']],
    ['ліфт', ['elevator-stuck', 'elevator-broken']],
    ['яма на дорозі', ['pothole']],
    ['сміття', ['waste-not-collected']],
    ['немає світла', ['power-building-none']],
  ])('«%s» finds %j among the first', (query, expected) => {
    const found = codes(query);
    for (const code of expected) expect(found.slice(0, 4)).toContain(code);
  });

  test('nothing for empty or stop words only, nothing for nonsense', () => {
    expect(codes('')).toEqual([]);
    expect(codes('на у в')).toEqual([]);
    expect(codes('ксилофон')).toEqual([]);
  });
});

describe('the proof of work', () => {
  test('counts leading zero bits and finds a solution the check accepts', () => {
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x10, 0xff]))).toBe(19);
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    const challenge = '1700000000000.abcdef.10.sig';
    const pow = solveChallenge(challenge);
    expect(leadingZeroBits(sha256(`${challenge}:${pow}`))).toBeGreaterThanOrEqual(10);
    // It is the smallest: every smaller number fails.
    for (let i = 0; i < Number(pow); i++) expect(leadingZeroBits(sha256(`${challenge}:${i}`))).toBeLessThan(10);
  });
});
