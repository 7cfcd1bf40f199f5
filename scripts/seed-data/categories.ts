/**
 * The classifier of appeals (класифікатор). A category decides the executor and the deadline
 * class; the terms follow art. 20 of the law «Про звернення громадян»:
 *   - 'emergency': danger to life, health or property; handed to the executor at once and
 *     resolved (or made safe) within 24 hours; `emergency` is true exactly for these;
 *   - 'short': needs no extra study, «невідкладно, але не пізніше п'ятнадцяти днів»;
 *   - 'standard': needs study or planning, «не більше одного місяця».
 */

export type DeadlineClass = 'emergency' | 'short' | 'standard';

export interface CategorySeed {
  /** stable slug */
  code: string;
  name: string;
  /** e.g. 'Водопостачання та водовідведення' */
  group: string;
  deadlineClass: DeadlineClass;
  /** true exactly when deadlineClass is 'emergency' */
  emergency: boolean;
  /** an organizations code: the default executor */
  executorCode: string;
  /**
   * The work is in an apartment block's own networks or premises: when the appeal's street has a
   * `maintainerCode` (its ЖЕК), that organization is the executor instead of `executorCode`.
   */
  byAddress?: boolean;
}

/** Hours allowed for each deadline class (calendar time, Europe/Kyiv). */
export const deadlineHours: Record<DeadlineClass, number> = {
  emergency: 24,
  short: 15 * 24,
  standard: 30 * 24,
};

export const categoryGroups = {
  water: 'Водопостачання та водовідведення',
  heat: 'Теплопостачання та гаряче водопостачання',
  power: 'Електропостачання',
  gas: 'Газопостачання',
  housing: 'Утримання житлових будинків',
  elevators: 'Ліфти',
  roads: 'Дороги, тротуари та вуличне освітлення',
  green: 'Зелені насадження',
  waste: 'Поводження з побутовими відходами',
  order: 'Благоустрій та громадський порядок',
  transport: 'Громадський транспорт',
  social: 'Соціальний захист',
  education: 'Освіта',
  health: "Охорона здоров'я",
  building: 'Містобудування та архітектура',
  services: 'Адміністративні послуги',
  other: 'Інші питання',
} as const;

const G = categoryGroups;
type Row = [code: string, name: string, group: string, deadlineClass: DeadlineClass, executorCode: string, byAddress?: boolean];

const rows: Row[] = [
  // Водопостачання та водовідведення
  ['cold-water-none', 'Відсутнє холодне водопостачання', G.water, 'short', 'vodokanal'],
  ['cold-water-pressure', 'Слабкий тиск холодної води', G.water, 'short', 'vodokanal'],
  ['water-quality', 'Незадовільна якість питної води (колір, запах, осад)', G.water, 'short', 'vodokanal'],
  ['water-main-break', 'Порив водопроводу, витік води на вулиці', G.water, 'emergency', 'vodokanal'],
  ['sewer-overflow', 'Вилив каналізаційних стоків, підтоплення підвалу чи території', G.water, 'emergency', 'vodokanal'],
  ['sewer-blockage', 'Засмічення каналізації в будинку', G.water, 'short', 'zhek-tsentralnyi', true],
  ['manhole-open', 'Відкритий або пошкоджений каналізаційний чи водопровідний люк', G.water, 'emergency', 'vodokanal'],
  ['water-pump', 'Несправна водорозбірна колонка', G.water, 'short', 'vodokanal'],
  ['water-billing', 'Нарахування плати за водопостачання та водовідведення, лічильники води', G.water, 'standard', 'vodokanal'],

  // Теплопостачання та гаряче водопостачання
  ['heating-none', 'Відсутнє опалення', G.heat, 'short', 'teplo'],
  ['heating-weak', 'Низька температура в квартирі, слабке опалення', G.heat, 'short', 'teplo'],
  ['heating-main-break', 'Порив тепломережі, витік гарячої води, парування з-під землі', G.heat, 'emergency', 'teplo'],
  ['hot-water-none', 'Відсутнє гаряче водопостачання', G.heat, 'short', 'teplo'],
  ['hot-water-temperature', 'Низька температура гарячої води', G.heat, 'short', 'teplo'],
  ['riser-leak', 'Протікання стояка або радіатора, залиття квартири', G.heat, 'emergency', 'zhek-tsentralnyi', true],
  ['heating-billing', 'Нарахування плати за опалення та гаряче водопостачання', G.heat, 'standard', 'teplo'],

  // Електропостачання
  ['power-building-none', 'Відсутнє електропостачання в будинку', G.power, 'short', 'rem'],
  ['power-voltage', 'Низька напруга, перепади напруги в мережі', G.power, 'short', 'rem'],
  ['wire-down', 'Обрив електропроводу, провід на землі', G.power, 'emergency', 'rem'],
  ['substation-danger', 'Іскріння, відчинена трансформаторна підстанція або електрощит', G.power, 'emergency', 'rem'],
  ['power-meter', 'Заміна або перевірка електролічильника, підключення', G.power, 'standard', 'rem'],

  // Газопостачання
  ['gas-smell', 'Запах газу', G.gas, 'emergency', 'gas'],
  ['gas-pipe-damage', 'Пошкодження газопроводу', G.gas, 'emergency', 'gas'],
  ['gas-none', 'Відсутнє газопостачання, низький тиск газу', G.gas, 'short', 'gas'],
  ['gas-meter', 'Повірка та заміна газового лічильника, нарахування за розподіл газу', G.gas, 'standard', 'gas'],

  // Утримання житлових будинків
  ['roof-leak', 'Протікання покрівлі', G.housing, 'short', 'zhek-tsentralnyi', true],
  ['icicles', 'Бурульки та навислий сніг на даху', G.housing, 'emergency', 'zhek-tsentralnyi', true],
  ['facade-danger', 'Загроза обвалу елементів фасаду, балконів, козирків', G.housing, 'emergency', 'zhek-tsentralnyi', true],
  ['shelter-closed', 'Зачинене або непридатне укриття в будинку', G.housing, 'emergency', 'zhek-tsentralnyi', true],
  ['stairwell-light', "Відсутнє освітлення в під'їзді", G.housing, 'short', 'zhek-tsentralnyi', true],
  ['stairwell-cleaning', "Неприбирання під'їзду та прибудинкової території", G.housing, 'short', 'zhek-tsentralnyi', true],
  ['stairwell-repair', "Пошкоджені вхідні двері, вікна, поштові скриньки в під'їзді", G.housing, 'short', 'zhek-tsentralnyi', true],
  ['ventilation', 'Відсутня тяга у вентиляційному каналі чи димоході', G.housing, 'short', 'zhek-tsentralnyi', true],
  ['basement-pests', 'Гризуни та комахи в підвалі, потреба в дератизації', G.housing, 'standard', 'zhek-tsentralnyi', true],
  ['housing-fee', 'Нарахування плати за управління будинком', G.housing, 'standard', 'zhek-tsentralnyi', true],
  ['capital-repair', 'Капітальний ремонт будинку', G.housing, 'standard', 'zhkg'],

  // Ліфти
  ['elevator-stuck', 'Застрягання людини в ліфті', G.elevators, 'emergency', 'lift'],
  ['elevator-broken', 'Не працює ліфт', G.elevators, 'short', 'lift'],

  // Дороги, тротуари та вуличне освітлення
  ['pothole', 'Вибоїни на дорозі', G.roads, 'standard', 'blagoustrii'],
  ['sidewalk-repair', 'Ремонт тротуару чи прибудинкового проїзду', G.roads, 'standard', 'blagoustrii'],
  ['snow-road', 'Не прибрано сніг з дороги', G.roads, 'short', 'blagoustrii'],
  ['ice-sidewalk', 'Ожеледиця на тротуарі, не посипано', G.roads, 'short', 'blagoustrii'],
  ['street-light', 'Не працює вуличне освітлення', G.roads, 'short', 'blagoustrii'],
  ['traffic-light', 'Не працює світлофор', G.roads, 'emergency', 'blagoustrii'],
  ['road-sign', 'Пошкоджений або відсутній дорожній знак', G.roads, 'short', 'blagoustrii'],
  ['storm-drain', 'Засмічена зливова каналізація, підтоплення дороги', G.roads, 'short', 'blagoustrii'],
  ['bus-stop', 'Пошкоджена зупинка громадського транспорту', G.roads, 'short', 'blagoustrii'],
  ['playground', 'Пошкоджене обладнання дитячого чи спортивного майданчика', G.roads, 'short', 'blagoustrii'],

  // Зелені насадження
  ['tree-fallen', 'Повалене дерево чи гілля на дорозі, авто або лініях', G.green, 'emergency', 'zelenbud'],
  ['tree-dangerous', 'Аварійне (сухе, нахилене) дерево', G.green, 'standard', 'zelenbud'],
  ['grass-mowing', 'Покіс трави, обрізування кущів', G.green, 'standard', 'zelenbud'],
  ['tree-felling', 'Незаконна вирубка дерев', G.green, 'short', 'zelenbud'],

  // Поводження з побутовими відходами
  ['waste-not-collected', 'Не вивезено побутові відходи', G.waste, 'short', 'ekoservis'],
  ['waste-bulky', 'Вивезення великогабаритних і ремонтних відходів', G.waste, 'short', 'ekoservis'],
  ['waste-container', 'Пошкоджений або відсутній контейнер для сміття', G.waste, 'standard', 'ekoservis'],
  ['illegal-dumping', 'Стихійне сміттєзвалище', G.waste, 'short', 'inspektsiia'],

  // Благоустрій та громадський порядок
  ['stray-animals', 'Безпритульні тварини', G.order, 'short', 'blagoustrii'],
  ['noise', 'Порушення тиші, шум від закладів чи ремонтних робіт', G.order, 'short', 'inspektsiia'],
  ['illegal-trade', 'Стихійна торгівля', G.order, 'short', 'inspektsiia'],
  ['illegal-advertising', 'Незаконна реклама та оголошення', G.order, 'standard', 'inspektsiia'],
  ['parking-lawn', 'Паркування на газонах, покинуті автомобілі', G.order, 'standard', 'inspektsiia'],

  // Громадський транспорт
  ['transport-schedule', 'Недотримання графіка руху автобусів', G.transport, 'short', 'transport'],
  ['transport-service', 'Поведінка водія, відмова перевезти пільговика', G.transport, 'short', 'transport'],
  ['transport-route', 'Пропозиції щодо маршрутів і розкладу руху', G.transport, 'standard', 'transport'],

  // Соціальний захист
  ['social-assistance', 'Призначення субсидій і соціальної допомоги', G.social, 'standard', 'soczakhyst'],
  ['social-idp', 'Підтримка внутрішньо переміщених осіб', G.social, 'standard', 'soczakhyst'],
  ['social-care', 'Догляд за самотніми та маломобільними людьми', G.social, 'standard', 'soczakhyst'],
  ['social-veterans', 'Підтримка ветеранів війни та їхніх родин', G.social, 'standard', 'soczakhyst'],

  // Освіта
  ['kindergarten', 'Влаштування дитини до закладу дошкільної освіти', G.education, 'standard', 'osvita'],
  ['school', 'Робота закладів загальної середньої освіти', G.education, 'standard', 'osvita'],

  // Охорона здоров'я
  ['health-primary', "Доступність первинної медичної допомоги, запис до лікаря", G.health, 'short', 'zdorovia'],
  ['health-medicines', 'Забезпечення ліками за програмою «Доступні ліки»', G.health, 'standard', 'zdorovia'],

  // Містобудування та архітектура
  ['illegal-construction', 'Самовільне будівництво, встановлення парканів і гаражів', G.building, 'standard', 'arkhitektura'],
  ['temporary-structures', 'Розміщення тимчасових споруд (МАФ)', G.building, 'standard', 'arkhitektura'],

  // Адміністративні послуги
  ['cnap-services', 'Отримання адміністративних послуг у ЦНАП', G.services, 'short', 'cnap'],

  // Інші питання
  ['other', 'Інше питання', G.other, 'standard', 'zhkg'],
];

export const categories: CategorySeed[] = rows.map(([code, name, group, deadlineClass, executorCode, byAddress]) => ({
  code,
  name,
  group,
  deadlineClass,
  emergency: deadlineClass === 'emergency',
  executorCode,
  ...(byAddress ? { byAddress: true } : {}),
}));
