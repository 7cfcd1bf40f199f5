import {
  categories,
  city,
  deadlineHours,
  feminineSurname,
  femaleNames,
  makeAppealDescription,
  makeResidents,
  maleNames,
  mobileOperatorCodes,
  mulberry32,
  organizations,
  streets,
  surnames,
  users,
} from '../../scripts/seed-data';

const CYRILLIC = /[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ]/;
/** Letters of Russian that Ukrainian does not use. */
const NOT_UKRAINIAN = /[ЁёЫыЭэЪъ]/;
const E164_UA_MOBILE = /^\+380(50|66|95|99|67|68|96|97|98|63|73|93)\d{7}$/;

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

describe('organizations', () => {
  it('has unique codes, a sensible count and well-formed contacts', () => {
    expect(duplicates(organizations.map((o) => o.code))).toEqual([]);
    expect(organizations.length).toBeGreaterThanOrEqual(14);
    expect(organizations.length).toBeLessThanOrEqual(20);
    for (const o of organizations) {
      expect(o.code).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(o.phone).toMatch(/^\+380\d{9}$/);
      expect(o.email).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+$/);
      expect(o.name).toMatch(CYRILLIC);
      expect(o.shortName).toMatch(CYRILLIC);
    }
    expect(duplicates(organizations.map((o) => o.phone))).toEqual([]);
  });

  it('has one outage announcer for every utility service', () => {
    for (const u of ['cold_water', 'hot_water', 'heating', 'electricity', 'gas'] as const) {
      expect(organizations.filter((o) => o.utilities?.includes(u))).toHaveLength(1);
    }
  });

  it('has addresses on streets of the city', () => {
    const names = new Set(streets.map((s) => s.name));
    for (const o of organizations) {
      const street = o.address.split(',')[0]!;
      expect(names.has(street)).toBe(true);
      expect(o.address).toContain(`м. ${city.name}`);
    }
  });
});

describe('categories', () => {
  const orgCodes = new Set(organizations.map((o) => o.code));

  it('has unique codes and at least 30 (in fact 40+) categories', () => {
    expect(duplicates(categories.map((c) => c.code))).toEqual([]);
    expect(duplicates(categories.map((c) => c.name))).toEqual([]);
    expect(categories.length).toBeGreaterThanOrEqual(40);
  });

  it('names existing executors', () => {
    for (const c of categories) expect(orgCodes.has(c.executorCode)).toBe(true);
  });

  it('uses every deadline class, and emergency exactly for the emergency class', () => {
    for (const d of ['emergency', 'short', 'standard'] as const) {
      expect(categories.some((c) => c.deadlineClass === d)).toBe(true);
      expect(deadlineHours[d]).toBeGreaterThan(0);
    }
    for (const c of categories) expect(c.emergency).toBe(c.deadlineClass === 'emergency');
    expect(deadlineHours.emergency).toBeLessThanOrEqual(24);
    expect(deadlineHours.short).toBeLessThanOrEqual(15 * 24);
    expect(deadlineHours.standard).toBeLessThanOrEqual(31 * 24);
  });

  it('marks the classic dangers as emergencies', () => {
    const byCode = new Map(categories.map((c) => [c.code, c]));
    for (const code of ['gas-smell', 'wire-down', 'elevator-stuck', 'tree-fallen', 'water-main-break']) {
      expect(byCode.get(code)?.emergency).toBe(true);
    }
    for (const code of ['pothole', 'social-assistance', 'cold-water-none']) {
      expect(byCode.get(code)?.emergency).toBe(false);
    }
  });

  it('routes by address only to housing maintenance companies', () => {
    const maintainers = new Set(streets.flatMap((s) => (s.maintainerCode ? [s.maintainerCode] : [])));
    expect(maintainers.size).toBeGreaterThanOrEqual(1);
    for (const m of maintainers) expect(orgCodes.has(m)).toBe(true);
    for (const c of categories.filter((k) => k.byAddress)) expect(maintainers.has(c.executorCode)).toBe(true);
  });
});

describe('streets', () => {
  it('has about 60 unique streets, each named with its type word', () => {
    expect(streets.length).toBeGreaterThanOrEqual(50);
    expect(duplicates(streets.map((s) => s.name))).toEqual([]);
    for (const s of streets) {
      expect(s.name.split(' ')).toContain(s.type);
      expect(Number.isInteger(s.buildings) && s.buildings > 0).toBe(true);
      if (s.housing !== 'private') expect(s.maintainerCode).toBeDefined();
    }
  });
});

describe('users', () => {
  const orgCodes = new Set(organizations.map((o) => o.code));

  it('has unique logins and the required staff', () => {
    expect(duplicates(users.map((u) => u.login))).toEqual([]);
    for (const u of users) expect(u.login).toMatch(/^[a-z0-9._-]+$/);
    expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
    const heads = users.filter((u) => u.role === 'head').length;
    expect(heads >= 1 && heads <= 2).toBe(true);
    const dispatchers = users.filter((u) => u.role === 'dispatcher');
    expect(dispatchers).toHaveLength(6);
    expect(dispatchers.filter((u) => u.cctvOperator)).toHaveLength(1);
  });

  it('gives queue interfaces to dispatchers only and organizations to executors only', () => {
    const interfaces = users.flatMap((u) => (u.queueInterface ? [u.queueInterface] : []));
    expect(duplicates(interfaces)).toEqual([]);
    for (const u of users) {
      if (u.role === 'dispatcher') expect(u.queueInterface).toMatch(/^PJSIP\/\d+$/);
      else expect(u.queueInterface).toBeUndefined();
      if (u.role === 'executor') expect(orgCodes.has(u.organizationCode!)).toBe(true);
      else expect(u.organizationCode).toBeUndefined();
      if (u.role !== 'dispatcher') expect(u.cctvOperator).toBeUndefined();
      expect(u.fullName.split(' ')).toHaveLength(3);
    }
  });

  it('has an executor for every utility', () => {
    for (const o of organizations.filter((k) => k.utilities?.length)) {
      expect(users.some((u) => u.role === 'executor' && u.organizationCode === o.code)).toBe(true);
    }
  });
});

describe('people', () => {
  it('has feminine surnames where Ukrainian inflects them', () => {
    expect(feminineSurname('Яворський')).toBe('Яворська');
    expect(feminineSurname('Осадчий')).toBe('Осадча');
    expect(feminineSurname('Іванов')).toBe('Іванова');
    expect(feminineSurname('Шевченко')).toBe('Шевченко');
    expect(feminineSurname('Ковальчук')).toBe('Ковальчук');
    expect(duplicates(surnames.map((s) => s.male))).toEqual([]);
    expect(duplicates(maleNames.map((n) => n.name))).toEqual([]);
    expect(duplicates(femaleNames)).toEqual([]);
    for (const n of maleNames) {
      expect(n.patronymicMale).toMatch(/(ович|йович|ич|іч)$/);
      expect(n.patronymicFemale).toMatch(/івна$|ївна$/);
    }
    expect(mobileOperatorCodes.map((o) => o.code).sort()).toEqual(
      ['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'],
    );
  });

  it('makes the same residents for the same seed, different ones for another', () => {
    const a = makeResidents(500, 42);
    expect(makeResidents(500, 42)).toEqual(a);
    expect(makeResidents(200, 42)).toEqual(a.slice(0, 200));
    expect(makeResidents(500, 43)).not.toEqual(a);
    expect(makeResidents(0, 1)).toEqual([]);
  });

  it('gives 10,000 residents unique, valid E.164 Ukrainian mobile phones and real addresses', () => {
    const residents = makeResidents(10_000, 2024);
    expect(residents).toHaveLength(10_000);
    expect(new Set(residents.map((r) => r.phone)).size).toBe(10_000);
    const streetByName = new Map(streets.map((s) => [s.name, s]));
    for (const r of residents) {
      expect(r.phone).toMatch(/^\+380\d{9}$/);
      expect(r.phone).toMatch(E164_UA_MOBILE);
      expect(r.fullName.split(' ')).toHaveLength(3);
      const m = /^(.+), (\d+)(?:, кв\. (\d+))?$/.exec(r.address);
      expect(m).not.toBeNull();
      const street = streetByName.get(m![1]!);
      expect(street).toBeDefined();
      expect(Number(m![2])).toBeLessThanOrEqual(street!.buildings);
      if (m![3]) expect(street!.housing).not.toBe('private');
    }
  });

  // Speed is the benchmark's business (about a second on an idle machine); a wall-clock bound
  // here would only make the suite flaky on a busy one.
  it('makes 300,000 residents with unique phones, as the benchmark needs', () => {
    const residents = makeResidents(300_000, 7);
    expect(residents).toHaveLength(300_000);
    expect(new Set(residents.map((r) => r.phone)).size).toBe(300_000);
  });

  it('agrees the patronymic with the gender of the name', () => {
    const female = new Set(femaleNames);
    for (const r of makeResidents(2000, 5)) {
      const [surname, given, patronymic] = r.fullName.split(' ') as [string, string, string];
      if (female.has(given)) {
        expect(patronymic).toMatch(/вна$/);
        expect(surnames.some((s) => s.female === surname)).toBe(true);
      } else {
        expect(patronymic).toMatch(/(ич|іч)$/);
        expect(surnames.some((s) => s.male === surname)).toBe(true);
      }
    }
  });
});

describe('appeal texts', () => {
  it('describes every category in Ukrainian, deterministically', () => {
    for (const c of categories) {
      for (let seed = 1; seed <= 20; seed++) {
        const text = makeAppealDescription(c.code, mulberry32(seed));
        expect(text.trim().length).toBeGreaterThan(10);
        expect(text).toMatch(CYRILLIC);
        expect(text).not.toMatch(/[A-Za-z]/);
        expect(text).not.toMatch(/undefined|NaN|\$\{/);
        expect(text).not.toMatch(NOT_UKRAINIAN);
        expect(text).toMatch(/[.?!]$/);
        const sentences = text.split(/(?<=[.?!])\s+(?=[А-ЩЬЮЯЄІЇҐ])/);
        expect(sentences.length).toBeLessThanOrEqual(4);
        expect(makeAppealDescription(c.code, mulberry32(seed))).toBe(text);
      }
    }
  });

  it('falls back to a generic text for an unknown category', () => {
    const text = makeAppealDescription('no-such-category', mulberry32(1));
    expect(text).toMatch(CYRILLIC);
  });
});

describe('all reference text', () => {
  it('has no Russian letters', () => {
    const texts = [
      ...organizations.flatMap((o) => [o.name, o.shortName, o.address]),
      ...categories.flatMap((c) => [c.name, c.group]),
      ...streets.map((s) => s.name),
      ...users.map((u) => u.fullName),
      ...femaleNames,
      ...maleNames.flatMap((n) => [n.name, n.patronymicMale, n.patronymicFemale]),
      ...surnames.flatMap((s) => [s.male, s.female]),
    ];
    for (const t of texts) expect(t).not.toMatch(NOT_UKRAINIAN);
  });
});
