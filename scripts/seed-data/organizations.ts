/**
 * Executors of the fictional city of Зорянськ (about 25,000 residents): the communal enterprises,
 * network operators, contractors and departments of the city council that receive appeals from
 * the contact centre. Codes are stable slugs; categories and users refer to them.
 */

export type UtilityKind = 'cold_water' | 'hot_water' | 'heating' | 'electricity' | 'gas' | 'other';

export interface OrganizationSeed {
  /** stable slug, e.g. 'vodokanal' */
  code: string;
  name: string;
  shortName: string;
  kind: 'utility' | 'department' | 'contractor';
  /** E.164, e.g. '+380457821034' */
  phone: string;
  email: string;
  address: string;
  /** which outages it announces */
  utilities?: UtilityKind[];
}

/** The city the reference data describes. */
export const city = {
  name: 'Зорянськ',
  /** genitive, as in «жителі міста Зорянська» */
  nameGenitive: 'Зорянська',
  council: 'Зорянська міська рада',
  region: 'Київська область',
  population: 25_300,
  hotline: '1580',
} as const;

export const organizations: OrganizationSeed[] = [
  {
    code: 'vodokanal',
    name: 'Комунальне підприємство «Зорянськводоканал» Зорянської міської ради',
    shortName: 'КП «Зорянськводоканал»',
    kind: 'utility',
    phone: '+380457821034',
    email: 'vodokanal@zoriansk-rada.gov.ua',
    address: 'вулиця Зарічна, 2, м. Зорянськ, 07123',
    utilities: ['cold_water'],
  },
  {
    code: 'teplo',
    name: 'Комунальне підприємство «Зорянськтеплокомуненерго» Зорянської міської ради',
    shortName: 'КП «Зорянськтеплокомуненерго»',
    kind: 'utility',
    phone: '+380457822415',
    email: 'teplo@zoriansk-rada.gov.ua',
    address: 'вулиця Енергетиків, 5, м. Зорянськ, 07123',
    utilities: ['heating', 'hot_water'],
  },
  {
    code: 'rem',
    name: 'Зорянський район електричних мереж ПрАТ «ДТЕК Київські регіональні електромережі»',
    shortName: 'Зорянський РЕМ',
    kind: 'utility',
    phone: '+380457823170',
    email: 'rem@zoriansk-energo.com.ua',
    address: 'вулиця Енергетиків, 14, м. Зорянськ, 07123',
    utilities: ['electricity'],
  },
  {
    code: 'gas',
    name: 'Зорянська дільниця Київської філії ТОВ «Газорозподільні мережі України»',
    shortName: 'Зорянська газова дільниця',
    kind: 'utility',
    phone: '+380457824104',
    email: 'gas@zoriansk-gaz.com.ua',
    address: 'вулиця Заводська, 9, м. Зорянськ, 07124',
    utilities: ['gas'],
  },
  {
    code: 'zhek-tsentralnyi',
    name: 'Комунальне підприємство «Житлово-експлуатаційна контора „Центральна“» Зорянської міської ради',
    shortName: 'КП «ЖЕК „Центральна“»',
    kind: 'utility',
    phone: '+380457825312',
    email: 'zhek.centr@zoriansk-rada.gov.ua',
    address: 'вулиця Шевченка, 21, м. Зорянськ, 07121',
  },
  {
    code: 'zhek-zarichnyi',
    name: 'Комунальне підприємство «Житлово-експлуатаційна контора „Зарічна“» Зорянської міської ради',
    shortName: 'КП «ЖЕК „Зарічна“»',
    kind: 'utility',
    phone: '+380457825947',
    email: 'zhek.zarichna@zoriansk-rada.gov.ua',
    address: 'вулиця Героїв Крут, 7, м. Зорянськ, 07123',
  },
  {
    code: 'lift',
    name: 'Товариство з обмеженою відповідальністю «Ліфтсервіс-Зорянськ»',
    shortName: 'ТОВ «Ліфтсервіс-Зорянськ»',
    kind: 'contractor',
    phone: '+380457826603',
    email: 'info@liftservis-zoriansk.com.ua',
    address: 'вулиця Будівельників, 3, м. Зорянськ, 07124',
  },
  {
    code: 'blagoustrii',
    name: 'Комунальне підприємство «Зорянськблагоустрій» Зорянської міської ради',
    shortName: 'КП «Зорянськблагоустрій»',
    kind: 'utility',
    phone: '+380457827241',
    email: 'blagoustrii@zoriansk-rada.gov.ua',
    address: 'вулиця Заводська, 15, м. Зорянськ, 07124',
  },
  {
    code: 'zelenbud',
    name: 'Комунальне підприємство «Зорянськзеленбуд» Зорянської міської ради',
    shortName: 'КП «Зорянськзеленбуд»',
    kind: 'utility',
    phone: '+380457827785',
    email: 'zelenbud@zoriansk-rada.gov.ua',
    address: 'вулиця Садова, 40, м. Зорянськ, 07122',
  },
  {
    code: 'ekoservis',
    name: 'Товариство з обмеженою відповідальністю «Екосервіс Зорянськ»',
    shortName: 'ТОВ «Екосервіс Зорянськ»',
    kind: 'contractor',
    phone: '+380457828019',
    email: 'info@ekoservis-zoriansk.com.ua',
    address: 'Київське шосе, 4, м. Зорянськ, 07124',
  },
  {
    code: 'transport',
    name: 'Комунальне підприємство «Зорянськпастранс» Зорянської міської ради',
    shortName: 'КП «Зорянськпастранс»',
    kind: 'utility',
    phone: '+380457828650',
    email: 'pastrans@zoriansk-rada.gov.ua',
    address: 'вулиця Вокзальна, 11, м. Зорянськ, 07124',
  },
  {
    code: 'inspektsiia',
    name: 'Відділ муніципальної інспекції виконавчого комітету Зорянської міської ради',
    shortName: 'Муніципальна інспекція',
    kind: 'department',
    phone: '+380457820318',
    email: 'inspekcia@zoriansk-rada.gov.ua',
    address: 'площа Соборна, 1, м. Зорянськ, 07121',
  },
  {
    code: 'zhkg',
    name: 'Управління житлово-комунального господарства виконавчого комітету Зорянської міської ради',
    shortName: 'Управління ЖКГ',
    kind: 'department',
    phone: '+380457820245',
    email: 'zhkg@zoriansk-rada.gov.ua',
    address: 'площа Соборна, 1, м. Зорянськ, 07121',
  },
  {
    code: 'soczakhyst',
    name: 'Управління соціального захисту населення виконавчого комітету Зорянської міської ради',
    shortName: 'Управління соцзахисту',
    kind: 'department',
    phone: '+380457820562',
    email: 'uszn@zoriansk-rada.gov.ua',
    address: 'вулиця Гетьмана Мазепи, 8, м. Зорянськ, 07121',
  },
  {
    code: 'osvita',
    name: 'Відділ освіти виконавчого комітету Зорянської міської ради',
    shortName: 'Відділ освіти',
    kind: 'department',
    phone: '+380457820473',
    email: 'osvita@zoriansk-rada.gov.ua',
    address: 'вулиця Шкільна, 6, м. Зорянськ, 07122',
  },
  {
    code: 'zdorovia',
    name: "Відділ охорони здоров'я виконавчого комітету Зорянської міської ради",
    shortName: "Відділ охорони здоров'я",
    kind: 'department',
    phone: '+380457820691',
    email: 'zdorovia@zoriansk-rada.gov.ua',
    address: 'вулиця Лікарняна, 2, м. Зорянськ, 07122',
  },
  {
    code: 'arkhitektura',
    name: 'Відділ містобудування та архітектури виконавчого комітету Зорянської міської ради',
    shortName: 'Відділ архітектури',
    kind: 'department',
    phone: '+380457820137',
    email: 'arch@zoriansk-rada.gov.ua',
    address: 'площа Соборна, 1, м. Зорянськ, 07121',
  },
  {
    code: 'cnap',
    name: 'Центр надання адміністративних послуг виконавчого комітету Зорянської міської ради',
    shortName: 'ЦНАП',
    kind: 'department',
    phone: '+380457820800',
    email: 'cnap@zoriansk-rada.gov.ua',
    address: 'проспект Незалежності, 12, м. Зорянськ, 07121',
  },
];
