/**
 * Streets of Зорянськ (modern names, after the decommunization renaming). `name` is what a
 * resident says and what goes into an address: the type word and the proper name, in their usual
 * order ('вулиця Шевченка', 'провулок Садовий', 'Київське шосе').
 */

export type StreetType = 'вулиця' | 'проспект' | 'провулок' | 'площа' | 'бульвар' | 'узвіз' | 'шосе';

export interface StreetSeed {
  /** 'вулиця Шевченка' with the type word, as used in speech */
  name: string;
  type: StreetType;
  /** highest house number */
  buildings: number;
  /** what stands there: apartment blocks (addresses have apartments), private houses, or both */
  housing: 'apartments' | 'private' | 'mixed';
  /**
   * Organization code of the housing maintenance company (ЖЕК) serving the street's apartment
   * blocks; housing categories of an appeal at this address go there rather than to the
   * category's default executor. Absent for streets of private houses only.
   */
  maintainerCode?: string;
}

const C = 'zhek-tsentralnyi';
const Z = 'zhek-zarichnyi';

export const streets: StreetSeed[] = [
  // Центр (ЖЕК «Центральна»)
  { name: 'проспект Незалежності', type: 'проспект', buildings: 48, housing: 'apartments', maintainerCode: C },
  { name: 'площа Соборна', type: 'площа', buildings: 6, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Шевченка', type: 'вулиця', buildings: 64, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Гетьмана Мазепи', type: 'вулиця', buildings: 37, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Михайла Грушевського', type: 'вулиця', buildings: 29, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Івана Франка', type: 'вулиця', buildings: 45, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Лесі Українки', type: 'вулиця', buildings: 33, housing: 'apartments', maintainerCode: C },
  { name: 'бульвар Миру', type: 'бульвар', buildings: 18, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Героїв Небесної Сотні', type: 'вулиця', buildings: 26, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Василя Стуса', type: 'вулиця', buildings: 22, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Січових Стрільців', type: 'вулиця', buildings: 41, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Шкільна', type: 'вулиця', buildings: 19, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Лікарняна', type: 'вулиця', buildings: 9, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Володимира Великого', type: 'вулиця', buildings: 35, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Ярослава Мудрого', type: 'вулиця', buildings: 27, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Княгині Ольги', type: 'вулиця', buildings: 16, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Олени Теліги', type: 'вулиця', buildings: 14, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Молодіжна', type: 'вулиця', buildings: 24, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Гідності', type: 'вулиця', buildings: 12, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Вокзальна', type: 'вулиця', buildings: 31, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Пилипа Орлика', type: 'вулиця', buildings: 20, housing: 'apartments', maintainerCode: C },
  { name: 'вулиця Митрополита Андрея Шептицького', type: 'вулиця', buildings: 17, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Свободи', type: 'вулиця', buildings: 24, housing: 'mixed', maintainerCode: C },
  { name: 'вулиця Олександра Довженка', type: 'вулиця', buildings: 42, housing: 'mixed', maintainerCode: C },
  { name: 'провулок Шкільний', type: 'провулок', buildings: 11, housing: 'private' },
  { name: 'провулок Тихий', type: 'провулок', buildings: 9, housing: 'private' },

  // Заріччя (ЖЕК «Зарічна»)
  { name: 'вулиця Зарічна', type: 'вулиця', buildings: 58, housing: 'mixed', maintainerCode: Z },
  { name: 'вулиця Енергетиків', type: 'вулиця', buildings: 30, housing: 'apartments', maintainerCode: Z },
  { name: 'вулиця Героїв Крут', type: 'вулиця', buildings: 25, housing: 'apartments', maintainerCode: Z },
  { name: 'вулиця Будівельників', type: 'вулиця', buildings: 21, housing: 'apartments', maintainerCode: Z },
  { name: 'вулиця Захисників України', type: 'вулиця', buildings: 44, housing: 'apartments', maintainerCode: Z },
  { name: 'вулиця Симона Петлюри', type: 'вулиця', buildings: 36, housing: 'mixed', maintainerCode: Z },
  { name: 'вулиця Євгена Коновальця', type: 'вулиця', buildings: 18, housing: 'apartments', maintainerCode: Z },
  { name: 'вулиця Богдана Хмельницького', type: 'вулиця', buildings: 52, housing: 'mixed', maintainerCode: Z },
  { name: 'вулиця Гетьмана Сагайдачного', type: 'вулиця', buildings: 28, housing: 'mixed', maintainerCode: Z },
  { name: 'вулиця Заводська', type: 'вулиця', buildings: 27, housing: 'mixed', maintainerCode: Z },
  { name: 'Київське шосе', type: 'шосе', buildings: 60, housing: 'mixed', maintainerCode: Z },
  { name: 'вулиця Івана Богуна', type: 'вулиця', buildings: 23, housing: 'private' },
  { name: 'вулиця Набережна', type: 'вулиця', buildings: 34, housing: 'private' },
  { name: 'узвіз Козацький', type: 'узвіз', buildings: 15, housing: 'private' },
  { name: 'вулиця Козацька', type: 'вулиця', buildings: 47, housing: 'private' },
  { name: 'провулок Зарічний', type: 'провулок', buildings: 12, housing: 'private' },

  // Приватний сектор
  { name: 'вулиця Садова', type: 'вулиця', buildings: 62, housing: 'private' },
  { name: 'вулиця Лісова', type: 'вулиця', buildings: 55, housing: 'private' },
  { name: 'вулиця Польова', type: 'вулиця', buildings: 48, housing: 'private' },
  { name: 'вулиця Квіткова', type: 'вулиця', buildings: 31, housing: 'private' },
  { name: 'вулиця Вишнева', type: 'вулиця', buildings: 39, housing: 'private' },
  { name: 'вулиця Яблунева', type: 'вулиця', buildings: 27, housing: 'private' },
  { name: 'вулиця Степова', type: 'вулиця', buildings: 44, housing: 'private' },
  { name: 'вулиця Сонячна', type: 'вулиця', buildings: 36, housing: 'private' },
  { name: 'вулиця Весняна', type: 'вулиця', buildings: 22, housing: 'private' },
  { name: 'вулиця Підгірна', type: 'вулиця', buildings: 29, housing: 'private' },
  { name: 'вулиця Григорія Сковороди', type: 'вулиця', buildings: 33, housing: 'private' },
  { name: 'вулиця Михайла Коцюбинського', type: 'вулиця', buildings: 38, housing: 'private' },
  { name: 'вулиця Івана Котляревського', type: 'вулиця', buildings: 26, housing: 'private' },
  { name: 'вулиця Миколи Лисенка', type: 'вулиця', buildings: 21, housing: 'private' },
  { name: 'вулиця Соломії Крушельницької', type: 'вулиця', buildings: 17, housing: 'private' },
  { name: 'вулиця Василя Симоненка', type: 'вулиця', buildings: 19, housing: 'private' },
  { name: 'вулиця Данила Галицького', type: 'вулиця', buildings: 20, housing: 'private' },
  { name: 'провулок Садовий', type: 'провулок', buildings: 14, housing: 'private' },
  { name: 'провулок Лісовий', type: 'провулок', buildings: 10, housing: 'private' },
  { name: 'провулок Вишневий', type: 'провулок', buildings: 8, housing: 'private' },
];
