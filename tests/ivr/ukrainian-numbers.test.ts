import {
  cardinal, countPhrase, dayOfMonthGenitive, digitsOneByOne, hourGenitive, hourLocative, NOUNS, ordinal, pluralForm,
} from '../../ivr/speech/ukrainian-numbers';

describe('cardinal', () => {
  test.each([
    [0, 'нуль'],
    [1, 'один'],
    [2, 'два'],
    [4, 'чотири'],
    [5, "п'ять"],
    [11, 'одинадцять'],
    [19, "дев'ятнадцять"],
    [21, 'двадцять один'],
    [40, 'сорок'],
    [90, "дев'яносто"],
    [100, 'сто'],
    [101, 'сто один'],
    [212, 'двісті дванадцять'],
    [999, "дев'ятсот дев'яносто дев'ять"],
    [1000, 'тисяча'],
    [1001, 'тисяча один'],
    [2000, 'дві тисячі'],
    [2026, 'дві тисячі двадцять шість'],
    [5000, "п'ять тисяч"],
    [11000, 'одинадцять тисяч'],
    [21000, 'двадцять одна тисяча'],
    [22000, 'двадцять дві тисячі'],
    [25000, "двадцять п'ять тисяч"],
    [112000, 'сто дванадцять тисяч'],
    [999999, "дев'ятсот дев'яносто дев'ять тисяч дев'ятсот дев'яносто дев'ять"],
  ])('%i masculine → %s', (n, words) => {
    expect(cardinal(n)).toBe(words);
  });

  test('gender changes only a final 1 or 2', () => {
    expect(cardinal(1, 'feminine')).toBe('одна');
    expect(cardinal(1, 'neuter')).toBe('одне');
    expect(cardinal(2, 'feminine')).toBe('дві');
    expect(cardinal(2, 'neuter')).toBe('два');
    expect(cardinal(21, 'feminine')).toBe('двадцять одна');
    expect(cardinal(22, 'feminine')).toBe('двадцять дві');
    expect(cardinal(12, 'feminine')).toBe('дванадцять');
    expect(cardinal(2001, 'neuter')).toBe('дві тисячі одне');
    expect(cardinal(5, 'feminine')).toBe("п'ять");
  });

  test('rejects what it cannot say', () => {
    expect(() => cardinal(-1)).toThrow(RangeError);
    expect(() => cardinal(1_000_000)).toThrow(RangeError);
    expect(() => cardinal(1.5)).toThrow(RangeError);
  });
});

describe('agreement of nouns with numbers', () => {
  test.each([
    [0, 'хвилин'], [1, 'хвилина'], [2, 'хвилини'], [4, 'хвилини'], [5, 'хвилин'], [11, 'хвилин'],
    [12, 'хвилин'], [14, 'хвилин'], [21, 'хвилина'], [22, 'хвилини'], [25, 'хвилин'], [101, 'хвилина'],
    [111, 'хвилин'], [112, 'хвилин'], [1002, 'хвилини'],
  ])('%i %s', (n, form) => {
    expect(pluralForm(n, NOUNS.minute)).toBe(form);
  });

  test.each([
    [1, 'minute' as const, 'одна хвилина'],
    [2, 'minute' as const, 'дві хвилини'],
    [5, 'minute' as const, "п'ять хвилин"],
    [21, 'hour' as const, 'двадцять одна година'],
    [22, 'hour' as const, 'двадцять дві години'],
    [1, 'day' as const, 'один день'],
    [2, 'day' as const, 'два дні'],
    [4, 'day' as const, 'чотири дні'],
    [11, 'day' as const, 'одинадцять днів'],
    [45, 'day' as const, "сорок п'ять днів"],
    [1, 'appeal' as const, 'одне звернення'],
    [2, 'appeal' as const, 'два звернення'],
    [5, 'appeal' as const, "п'ять звернень"],
    [21, 'appeal' as const, 'двадцять одне звернення'],
  ])('%i %s → %s', (n, noun, phrase) => {
    expect(countPhrase(n, NOUNS[noun])).toBe(phrase);
  });
});

describe('ordinals', () => {
  test.each([
    [1, 'першого'], [2, 'другого'], [3, 'третього'], [4, 'четвертого'], [7, 'сьомого'], [8, 'восьмого'],
    [10, 'десятого'], [11, 'одинадцятого'], [12, 'дванадцятого'], [20, 'двадцятого'], [21, 'двадцять першого'],
    [22, 'двадцять другого'], [23, 'двадцять третього'], [25, "двадцять п'ятого"], [30, 'тридцятого'],
    [31, 'тридцять першого'],
  ])('day %i → %s', (day, words) => {
    expect(dayOfMonthGenitive(day)).toBe(words);
  });

  test.each([
    [0, 'нульової', 'нульовій'], [1, 'першої', 'першій'], [3, 'третьої', 'третій'], [8, 'восьмої', 'восьмій'],
    [11, 'одинадцятої', 'одинадцятій'], [12, 'дванадцятої', 'дванадцятій'], [18, 'вісімнадцятої', 'вісімнадцятій'],
    [20, 'двадцятої', 'двадцятій'], [21, 'двадцять першої', 'двадцять першій'], [22, 'двадцять другої', 'двадцять другій'],
    [23, 'двадцять третьої', 'двадцять третій'],
  ])('hour %i → %s / %s', (hour, genitive, locative) => {
    expect(hourGenitive(hour)).toBe(genitive);
    expect(hourLocative(hour)).toBe(locative);
  });

  test('nominative and other ranges', () => {
    expect(ordinal(15, 'masculine', 'nominative')).toBe("п'ятнадцятий");
    expect(ordinal(3, 'masculine', 'nominative')).toBe('третій');
    expect(ordinal(3, 'feminine', 'nominative')).toBe('третя');
    expect(ordinal(40, 'masculine', 'genitive')).toBe('сорокового');
    expect(ordinal(90, 'masculine', 'nominative')).toBe("дев'яностий");
    expect(ordinal(100, 'masculine', 'nominative')).toBe('сотий');
    expect(ordinal(200, 'masculine', 'genitive')).toBe('двохсотого');
    expect(ordinal(115, 'masculine', 'nominative')).toBe("сто п'ятнадцятий");
  });

  test('rejects impossible days and hours', () => {
    expect(() => dayOfMonthGenitive(0)).toThrow(RangeError);
    expect(() => dayOfMonthGenitive(32)).toThrow(RangeError);
    expect(() => hourGenitive(24)).toThrow(RangeError);
  });
});

test('digits one by one keep leading zeros', () => {
  expect(digitsOneByOne('000123')).toBe('нуль нуль нуль один два три');
  expect(digitsOneByOne('9')).toBe("дев'ять");
  expect(() => digitsOneByOne('12a')).toThrow(RangeError);
});
