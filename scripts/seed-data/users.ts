/**
 * Staff accounts: the administrator, the head of the contact centre and the deputy, six
 * dispatchers (one of them watches the city CCTV), and one executor account per organization.
 * Full names are in the official order: surname, given name, patronymic. The seed script sets
 * passwords; none are kept here.
 */

export type UserRole = 'admin' | 'head' | 'dispatcher' | 'executor';

export interface UserSeed {
  login: string;
  fullName: string;
  role: UserRole;
  /** executors only */
  organizationCode?: string;
  /** dispatchers only: the queue member interface, 'PJSIP/101' ... */
  queueInterface?: string;
  /** dispatchers only: watches the city CCTV feeds and registers what the cameras show */
  cctvOperator?: boolean;
}

export const users: UserSeed[] = [
  { login: 'admin', fullName: 'Гнатюк Олег Васильович', role: 'admin' },

  { login: 'n.melnyk', fullName: 'Мельник Наталія Іванівна', role: 'head' },
  { login: 'a.kovalevskyi', fullName: 'Ковалевський Андрій Петрович', role: 'head' },

  { login: 'o.shevchuk', fullName: 'Шевчук Оксана Миколаївна', role: 'dispatcher', queueInterface: 'PJSIP/101' },
  { login: 't.bondarenko', fullName: 'Бондаренко Тетяна Вікторівна', role: 'dispatcher', queueInterface: 'PJSIP/102' },
  { login: 'i.yavorska', fullName: 'Яворська Ірина Олегівна', role: 'dispatcher', queueInterface: 'PJSIP/103' },
  { login: 'd.tkachenko', fullName: 'Ткаченко Дмитро Сергійович', role: 'dispatcher', queueInterface: 'PJSIP/104' },
  { login: 'l.honchar', fullName: 'Гончар Людмила Григорівна', role: 'dispatcher', queueInterface: 'PJSIP/105' },
  {
    login: 'r.savchuk',
    fullName: 'Савчук Роман Ярославович',
    role: 'dispatcher',
    queueInterface: 'PJSIP/106',
    cctvOperator: true,
  },

  { login: 'vodokanal', fullName: 'Кравченко Віктор Анатолійович', role: 'executor', organizationCode: 'vodokanal' },
  { login: 'teplo', fullName: 'Лисенко Сергій Михайлович', role: 'executor', organizationCode: 'teplo' },
  { login: 'rem', fullName: 'Марченко Юрій Володимирович', role: 'executor', organizationCode: 'rem' },
  { login: 'gas', fullName: 'Поліщук Василь Іванович', role: 'executor', organizationCode: 'gas' },
  { login: 'zhek.centr', fullName: 'Руденко Галина Петрівна', role: 'executor', organizationCode: 'zhek-tsentralnyi' },
  { login: 'zhek.zarichna', fullName: 'Клименко Світлана Богданівна', role: 'executor', organizationCode: 'zhek-zarichnyi' },
  { login: 'lift', fullName: 'Дяченко Ігор Валерійович', role: 'executor', organizationCode: 'lift' },
  { login: 'blagoustrii', fullName: 'Павленко Микола Степанович', role: 'executor', organizationCode: 'blagoustrii' },
  { login: 'zelenbud', fullName: 'Вербицька Лариса Андріївна', role: 'executor', organizationCode: 'zelenbud' },
  { login: 'ekoservis', fullName: 'Мазур Артем Олександрович', role: 'executor', organizationCode: 'ekoservis' },
  { login: 'transport', fullName: 'Захарченко Павло Юрійович', role: 'executor', organizationCode: 'transport' },
  { login: 'inspektsiia', fullName: 'Білоус Максим Денисович', role: 'executor', organizationCode: 'inspektsiia' },
  { login: 'zhkg', fullName: 'Гаврилюк Олена Федорівна', role: 'executor', organizationCode: 'zhkg' },
  { login: 'soczakhyst', fullName: 'Кушнір Валентина Миколаївна', role: 'executor', organizationCode: 'soczakhyst' },
  { login: 'osvita', fullName: 'Левицька Марія Тарасівна', role: 'executor', organizationCode: 'osvita' },
  { login: 'zdorovia', fullName: 'Стельмах Юлія Леонідівна', role: 'executor', organizationCode: 'zdorovia' },
  { login: 'arkhitektura', fullName: 'Осадчий Костянтин Ілліч', role: 'executor', organizationCode: 'arkhitektura' },
  { login: 'cnap', fullName: 'Романенко Інна Вадимівна', role: 'executor', organizationCode: 'cnap' },
];
