/**
 * Ukrainian names and a deterministic generator of residents (name, mobile phone, address) for
 * demos and benchmarks. Full names are in the official order: «Прізвище Ім'я По батькові».
 */

import { streets, type StreetSeed } from './streets';

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MaleGivenName {
  name: string;
  /** «по батькові» of his son, e.g. 'Миколайович' */
  patronymicMale: string;
  /** «по батькові» of his daughter, e.g. 'Миколаївна' */
  patronymicFemale: string;
}

const m = (name: string, patronymicMale: string, patronymicFemale: string): MaleGivenName => ({
  name,
  patronymicMale,
  patronymicFemale,
});

/** Men's given names; fathers' names give the patronymics. */
export const maleNames: MaleGivenName[] = [
  m('Олександр', 'Олександрович', 'Олександрівна'),
  m('Андрій', 'Андрійович', 'Андріївна'),
  m('Сергій', 'Сергійович', 'Сергіївна'),
  m('Володимир', 'Володимирович', 'Володимирівна'),
  m('Віктор', 'Вікторович', 'Вікторівна'),
  m('Юрій', 'Юрійович', 'Юріївна'),
  m('Олег', 'Олегович', 'Олегівна'),
  m('Іван', 'Іванович', 'Іванівна'),
  m('Василь', 'Васильович', 'Василівна'),
  m('Микола', 'Миколайович', 'Миколаївна'),
  m('Петро', 'Петрович', 'Петрівна'),
  m('Михайло', 'Михайлович', 'Михайлівна'),
  m('Дмитро', 'Дмитрович', 'Дмитрівна'),
  m('Анатолій', 'Анатолійович', 'Анатоліївна'),
  m('Богдан', 'Богданович', 'Богданівна'),
  m('Роман', 'Романович', 'Романівна'),
  m('Тарас', 'Тарасович', 'Тарасівна'),
  m('Ігор', 'Ігорович', 'Ігорівна'),
  m('Павло', 'Павлович', 'Павлівна'),
  m('Віталій', 'Віталійович', 'Віталіївна'),
  m('Валерій', 'Валерійович', 'Валеріївна'),
  m('Григорій', 'Григорович', 'Григорівна'),
  m('Степан', 'Степанович', 'Степанівна'),
  m('Ярослав', 'Ярославович', 'Ярославівна'),
  m('Максим', 'Максимович', 'Максимівна'),
  m('Артем', 'Артемович', 'Артемівна'),
  m('Денис', 'Денисович', 'Денисівна'),
  m('Євген', 'Євгенович', 'Євгенівна'),
  m('Олексій', 'Олексійович', 'Олексіївна'),
  m('Леонід', 'Леонідович', 'Леонідівна'),
  m('Костянтин', 'Костянтинович', 'Костянтинівна'),
  m('Станіслав', 'Станіславович', 'Станіславівна'),
  m('Руслан', 'Русланович', 'Русланівна'),
  m('Владислав', 'Владиславович', 'Владиславівна'),
  m('Назар', 'Назарович', 'Назарівна'),
  m('Остап', 'Остапович', 'Остапівна'),
  m('Ілля', 'Ілліч', 'Іллівна'),
  m('Геннадій', 'Геннадійович', 'Геннадіївна'),
  m('Федір', 'Федорович', 'Федорівна'),
  m('Борис', 'Борисович', 'Борисівна'),
  m('Вадим', 'Вадимович', 'Вадимівна'),
  m('Антон', 'Антонович', 'Антонівна'),
  m('Кирило', 'Кирилович', 'Кирилівна'),
  m('Матвій', 'Матвійович', 'Матвіївна'),
  m('Яків', 'Якович', 'Яківна'),
  m('Святослав', 'Святославович', 'Святославівна'),
  m('Олесь', 'Олесьович', 'Олесівна'),
  m('Данило', 'Данилович', 'Данилівна'),
];

/** Women's given names. */
export const femaleNames: string[] = [
  'Олена', 'Наталія', 'Ірина', 'Тетяна', 'Світлана', 'Оксана', 'Людмила', 'Галина', 'Марія', 'Ольга',
  'Юлія', 'Анна', 'Катерина', 'Валентина', 'Надія', 'Любов', 'Віра', 'Лариса', 'Інна', 'Алла',
  'Вікторія', 'Анастасія', 'Софія', 'Дарина', 'Христина', 'Ніна', 'Зоя', 'Тамара', 'Лідія', 'Раїса',
  'Ганна', 'Яна', 'Мирослава', 'Уляна', 'Богдана', 'Леся', 'Вероніка', 'Діана', 'Євгенія', 'Валерія',
  'Жанна', 'Марина', 'Соломія', 'Ярослава', 'Злата', 'Олександра', 'Поліна', 'Ліна',
];

/** Surnames in the masculine form. */
const surnameBase: string[] = [
  'Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Шевчук', 'Поліщук', 'Бойко',
  'Ковальчук', 'Лисенко', 'Савченко', 'Руденко', 'Мельник', 'Марченко', 'Мороз', 'Петренко', 'Клименко',
  'Павленко', 'Савчук', 'Кравчук', 'Левченко', 'Карпенко', 'Гончаренко', 'Романенко', 'Литвиненко',
  'Симоненко', 'Василенко', 'Захарченко', 'Тимошенко', 'Кузьменко', 'Приходько', 'Панченко', 'Юрченко',
  'Харченко', 'Гаврилюк', 'Коваль', 'Ткачук', 'Дяченко', 'Мазур', 'Білоус', 'Гуменюк', 'Кушнір', 'Кучер',
  'Гнатюк', 'Степаненко', 'Костенко', 'Сидоренко', 'Демченко', "Лук'яненко", 'Грищенко', 'Вовк',
  'Зінченко', 'Тарасенко', 'Федоренко', 'Рибак', 'Стельмах', 'Паламарчук', 'Онищенко', 'Яковенко',
  'Нестеренко', 'Максименко', 'Пономаренко', 'Сергієнко', 'Антоненко', 'Власенко', 'Коломієць', 'Кравець',
  'Швець', 'Горбань', 'Кириленко', 'Бабенко', 'Дорошенко', 'Гайдай', 'Дмитренко', 'Кононенко', 'Мартинюк',
  'Ярошенко', 'Остапенко', 'Слюсар', 'Гребенюк', 'Тимченко', 'Гончар', 'Головко', 'Пилипчук', 'Залізняк',
  'Довгань', 'Чорновол', 'Сорока', 'Козак', 'Гордієнко', 'Дмитрук', 'Назаренко', 'Хоменко', 'Оліфіренко',
  'Семенюк', 'Ігнатенко', 'Кулик', 'Гречко', 'Вакуленко', 'Костюк', 'Щербак', 'Ющенко', 'Зозуля',
  // inflected for women
  'Ковалевський', 'Вишневський', 'Яворський', 'Лозинський', 'Малиновський', 'Сосновський', 'Козловський',
  'Березовський', 'Садовський', 'Ліщинський', 'Кульчицький', 'Левицький', 'Вербицький', 'Стецький',
  'Білецький', 'Осадчий', 'Заболотний', 'Головатий', 'Чорний', 'Білий', 'Лютий', 'Рудий',
  'Іванов', 'Петров', 'Ковальов', 'Соловйов', 'Федоров',
];

/** The feminine form of a surname: -ський → -ська, -ий → -а, -ов/-ев/-єв/-ін → +а; others unchanged. */
export function feminineSurname(surname: string): string {
  if (surname.endsWith('ий')) return surname.slice(0, -2) + 'а';
  if (/(ов|ев|єв|ін)$/.test(surname)) return surname + 'а';
  return surname;
}

export interface SurnameForms {
  male: string;
  female: string;
}

export const surnames: SurnameForms[] = surnameBase.map((male) => ({ male, female: feminineSurname(male) }));

/** Ukrainian mobile operator codes with rough market shares (Київстар, Vodafone, lifecell). */
export const mobileOperatorCodes: ReadonlyArray<{ code: string; weight: number }> = [
  { code: '67', weight: 16 }, // Київстар
  { code: '68', weight: 8 },
  { code: '96', weight: 8 },
  { code: '97', weight: 9 },
  { code: '98', weight: 6 },
  { code: '50', weight: 14 }, // Vodafone
  { code: '66', weight: 10 },
  { code: '95', weight: 7 },
  { code: '99', weight: 6 },
  { code: '63', weight: 7 }, // lifecell
  { code: '73', weight: 4 },
  { code: '93', weight: 5 },
];

export interface ResidentSeed {
  /** «Прізвище Ім'я По батькові» */
  fullName: string;
  /** E.164: '+380' + operator code + 7 digits */
  phone: string;
  /** 'вулиця Шевченка, 12, кв. 45' or 'вулиця Садова, 7' */
  address: string;
}

/** Builds a lookup table: drawing a uniform index gives items in proportion to their weights. */
function weightedTable<T>(items: readonly T[], weight: (item: T) => number): T[] {
  const table: T[] = [];
  for (const item of items) {
    const w = weight(item);
    for (let i = 0; i < w; i++) table.push(item);
  }
  return table;
}

/** Indexes into mobileOperatorCodes, repeated by weight. */
const operatorTable = weightedTable(
  mobileOperatorCodes.map((_, i) => i),
  (i) => mobileOperatorCodes[i]!.weight,
);
const operatorPrefixes = mobileOperatorCodes.map((o) => `+380${o.code}`);
/** Subscriber numbers (7 digits after the operator code) do not start with 0. */
const SUBSCRIBER_MIN = 1_000_000;
const SUBSCRIBERS = 9_000_000;
/** More people live on streets of apartment blocks. */
const streetTable = weightedTable(streets, (s) =>
  s.housing === 'apartments' ? s.buildings * 8 : s.housing === 'mixed' ? s.buildings * 4 : s.buildings,
);
const APARTMENTS_PER_BLOCK = [36, 45, 60, 80, 108, 144];

/** Residents' phones are unique; the number of possible numbers bounds `count`. */
const MAX_RESIDENTS = 10_000_000;

function apartmentAddress(street: StreetSeed, building: number, rnd: () => number): string {
  // a stable size for each block, so apartment numbers of one address stay within it
  const size = APARTMENTS_PER_BLOCK[(building * 7 + street.name.length * 13) % APARTMENTS_PER_BLOCK.length]!;
  return `${street.name}, ${building}, кв. ${1 + Math.floor(rnd() * size)}`;
}

function makeAddress(rnd: () => number): string {
  const street = streetTable[Math.floor(rnd() * streetTable.length)]!;
  const n = street.buildings;
  switch (street.housing) {
    case 'apartments':
      return apartmentAddress(street, 1 + Math.floor(rnd() * n), rnd);
    case 'private':
      return `${street.name}, ${1 + Math.floor(rnd() * n)}`;
    case 'mixed': {
      // apartment blocks at the lower numbers, private houses further out
      const blocks = Math.max(1, Math.floor(n / 2));
      if (rnd() < 0.7) return apartmentAddress(street, 1 + Math.floor(rnd() * blocks), rnd);
      return `${street.name}, ${blocks + 1 + Math.floor(rnd() * (n - blocks))}`;
    }
  }
}

/**
 * `count` residents, the same for the same `seed` (and the first k of a longer list are the k of
 * a shorter one). Phones are unique within one call.
 */
export function makeResidents(count: number, seed: number): ResidentSeed[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_RESIDENTS) {
    throw new RangeError(`count must be an integer in 0..${MAX_RESIDENTS}, got ${count}`);
  }
  const rnd = mulberry32(seed);
  // one bit per possible number: cheaper than a Set for hundreds of thousands of phones
  const used = new Uint8Array(Math.ceil((mobileOperatorCodes.length * SUBSCRIBERS) / 8));
  const out: ResidentSeed[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const female = rnd() < 0.54;
    const surname = surnames[Math.floor(rnd() * surnames.length)]!;
    const father = maleNames[Math.floor(rnd() * maleNames.length)]!;
    let fullName: string;
    if (female) {
      const given = femaleNames[Math.floor(rnd() * femaleNames.length)]!;
      fullName = `${surname.female} ${given} ${father.patronymicFemale}`;
    } else {
      const given = maleNames[Math.floor(rnd() * maleNames.length)]!.name;
      fullName = `${surname.male} ${given} ${father.patronymicMale}`;
    }

    let op: number;
    let sub: number;
    let bit: number;
    do {
      op = operatorTable[Math.floor(rnd() * operatorTable.length)]!;
      sub = Math.floor(rnd() * SUBSCRIBERS);
      bit = op * SUBSCRIBERS + sub;
    } while (used[bit >>> 3]! & (1 << (bit & 7)));
    used[bit >>> 3]! |= 1 << (bit & 7);

    out[i] = { fullName, phone: operatorPrefixes[op]! + (SUBSCRIBER_MIN + sub), address: makeAddress(rnd) };
  }
  return out;
}
