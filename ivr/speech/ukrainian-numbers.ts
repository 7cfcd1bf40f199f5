/**
 * Ukrainian number words for spoken prompts: cardinals with gender, ordinals with gender and case,
 * and the agreement of a noun with a number (1 хвилина / 2 хвилини / 5 хвилин).
 *
 * Everything here returns plain words separated by single spaces, so that the text-to-speech
 * engine never has to guess how to read digits (eSpeak reads "1–15" as "один п'ятнадцять").
 */

export type Gender = 'masculine' | 'feminine' | 'neuter';
/** The cases prompts need: nominative (named), genitive (з/до + date), locative (о + hour). */
export type GrammaticalCase = 'nominative' | 'genitive' | 'locative';

const UNITS_MASCULINE = ['нуль', 'один', 'два', 'три', 'чотири', "п'ять", 'шість', 'сім', 'вісім', "дев'ять"];
const TEENS = [
  'десять', 'одинадцять', 'дванадцять', 'тринадцять', 'чотирнадцять',
  "п'ятнадцять", 'шістнадцять', 'сімнадцять', 'вісімнадцять', "дев'ятнадцять",
];
const TENS = ['', '', 'двадцять', 'тридцять', 'сорок', "п'ятдесят", 'шістдесят', 'сімдесят', 'вісімдесят', "дев'яносто"];
const HUNDREDS = ['', 'сто', 'двісті', 'триста', 'чотириста', "п'ятсот", 'шістсот', 'сімсот', 'вісімсот', "дев'ятсот"];

/** Only 1 and 2 change with gender; every other cardinal is the same for all three. */
function unitWord(digit: number, gender: Gender): string {
  if (digit === 1) return gender === 'feminine' ? 'одна' : gender === 'neuter' ? 'одне' : 'один';
  if (digit === 2) return gender === 'feminine' ? 'дві' : 'два';
  return UNITS_MASCULINE[digit];
}

/** Words for 1..999 (no "нуль" for zero: a zero group is silent inside a bigger number). */
function belowThousand(n: number, gender: Gender): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(HUNDREDS[hundreds]);
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]);
  else {
    const tens = Math.floor(rest / 10);
    const units = rest % 10;
    if (tens > 0) words.push(TENS[tens]);
    if (units > 0) words.push(unitWord(units, gender));
  }
  return words;
}

function assertInteger(n: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${n}`);
  }
}

/** The three forms a Ukrainian noun takes after a number: 1, 2–4, 5–20 (and 0). */
export interface NounForms {
  /** after 1, 21, 31… (хвилина) */
  one: string;
  /** after 2–4, 22–24… (хвилини) */
  few: string;
  /** after 0, 5–20, 25–30… (хвилин) */
  many: string;
  /** the noun's gender decides один/одна/одне and два/дві */
  gender: Gender;
}

/** Picks the noun form that agrees with n: 1 → one, 2–4 → few, 11–14 and 5–20 → many. */
export function pluralForm(n: number, forms: Pick<NounForms, 'one' | 'few' | 'many'>): string {
  const abs = Math.abs(Math.trunc(n));
  const lastTwo = abs % 100;
  const last = abs % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms.many;
  if (last === 1) return forms.one;
  if (last >= 2 && last <= 4) return forms.few;
  return forms.many;
}

/**
 * Cardinal number in the nominative, 0..999 999. Gender matters for the last 1 or 2
 * ("двадцять одна хвилина", "двадцять два дні", "одне звернення"); thousands are feminine.
 */
export function cardinal(n: number, gender: Gender = 'masculine'): string {
  assertInteger(n, 0, 999_999, 'cardinal');
  if (n === 0) return 'нуль';
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const words: string[] = [];
  if (thousands > 0) {
    // "тисяча дев'ятсот", not "одна тисяча дев'ятсот"; but "двадцять одна тисяча".
    if (thousands === 1) words.push('тисяча');
    else {
      words.push(...belowThousand(thousands, 'feminine'));
      words.push(pluralForm(thousands, { one: 'тисяча', few: 'тисячі', many: 'тисяч' }));
    }
  }
  if (rest > 0) words.push(...belowThousand(rest, gender));
  return words.join(' ');
}

// Ordinal stems; the ending (-ий/-а/-е/-ого/-ої/-ій…) is added by case and gender.
const ORDINAL_UNIT_STEMS = ['нульов', 'перш', 'друг', 'трет', 'четверт', "п'ят", 'шост', 'сьом', 'восьм', "дев'ят"];
const ORDINAL_TEEN_STEMS = TEENS.map((w) => w.slice(0, -2) + 'т'); // десять → десят
const ORDINAL_TEN_STEMS = ['', '', 'двадцят', 'тридцят', 'сороков', "п'ятдесят", 'шістдесят', 'сімдесят', 'вісімдесят', "дев'яност"];
const ORDINAL_HUNDRED_STEMS = [
  '', 'сот', 'двохсот', 'трьохсот', 'чотирьохсот', "п'ятисот", 'шестисот', 'семисот', 'восьмисот', "дев'ятисот",
];

type Ending = Record<Gender, Record<GrammaticalCase, string>>;
const HARD_ENDINGS: Ending = {
  masculine: { nominative: 'ий', genitive: 'ого', locative: 'ому' },
  neuter: { nominative: 'е', genitive: 'ого', locative: 'ому' },
  feminine: { nominative: 'а', genitive: 'ої', locative: 'ій' },
};
// Only "третій" is soft: третього, третьої, третій.
const SOFT_ENDINGS: Ending = {
  masculine: { nominative: 'ій', genitive: 'ього', locative: 'ьому' },
  neuter: { nominative: 'є', genitive: 'ього', locative: 'ьому' },
  feminine: { nominative: 'я', genitive: 'ьої', locative: 'ій' },
};

/**
 * Ordinal number, 0..999, in the given gender and case: only the last word is ordinal
 * ("двадцять першого", "сто п'ятнадцятий"), as Ukrainian does it.
 */
export function ordinal(n: number, gender: Gender, grammaticalCase: GrammaticalCase): string {
  assertInteger(n, 0, 999, 'ordinal');
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const prefix: string[] = [];
  let stem: string;
  if (rest === 0 && hundreds > 0) stem = ORDINAL_HUNDRED_STEMS[hundreds];
  else {
    if (hundreds > 0) prefix.push(HUNDREDS[hundreds]);
    if (rest < 10) stem = ORDINAL_UNIT_STEMS[rest];
    else if (rest < 20) stem = ORDINAL_TEEN_STEMS[rest - 10];
    else if (rest % 10 === 0) stem = ORDINAL_TEN_STEMS[rest / 10];
    else {
      prefix.push(TENS[Math.floor(rest / 10)]);
      stem = ORDINAL_UNIT_STEMS[rest % 10];
    }
  }
  const endings = stem === 'трет' ? SOFT_ENDINGS : HARD_ENDINGS;
  return [...prefix, stem + endings[gender][grammaticalCase]].join(' ');
}

/** "дванадцятого" (грудня): the day of the month as it is said in a date. */
export function dayOfMonthGenitive(day: number): string {
  assertInteger(day, 1, 31, 'day of month');
  return ordinal(day, 'neuter', 'genitive');
}

/** "вісімнадцятої" (години): after з / до. */
export function hourGenitive(hour: number): string {
  assertInteger(hour, 0, 23, 'hour');
  return ordinal(hour, 'feminine', 'genitive');
}

/** "вісімнадцятій" (годині): after о / об. */
export function hourLocative(hour: number): string {
  assertInteger(hour, 0, 23, 'hour');
  return ordinal(hour, 'feminine', 'locative');
}

/** Nouns prompts count. */
export const NOUNS = {
  minute: { one: 'хвилина', few: 'хвилини', many: 'хвилин', gender: 'feminine' },
  hour: { one: 'година', few: 'години', many: 'годин', gender: 'feminine' },
  day: { one: 'день', few: 'дні', many: 'днів', gender: 'masculine' },
  appeal: { one: 'звернення', few: 'звернення', many: 'звернень', gender: 'neuter' },
  outage: { one: 'відключення', few: 'відключення', many: 'відключень', gender: 'neuter' },
} as const satisfies Record<string, NounForms>;

/** "одна хвилина", "дві години", "п'ять днів", "двадцять одне звернення". */
export function countPhrase(n: number, noun: NounForms): string {
  return `${cardinal(n, noun.gender)} ${pluralForm(n, noun)}`;
}

const DIGIT_WORDS = UNITS_MASCULINE;

/** Reads a string of digits one by one ("007" → "нуль нуль сім"), for dictation. */
export function digitsOneByOne(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`not a string of digits: ${JSON.stringify(digits)}`);
  return [...digits].map((d) => DIGIT_WORDS[Number(d)]).join(' ');
}
