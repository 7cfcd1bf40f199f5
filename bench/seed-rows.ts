import { mulberry32 as prng } from '../scripts/seed-data/people';

/**
 * The bench database's residents and appeals, made up deterministically (the same sizes give the
 * same rows): phone numbers, addresses on the city's streets, five years of appeals, older ones
 * mostly closed, a few residents who write very often (as in life, and the index must cope).
 */

/** The resident with index i (0-based) calls from this number: national format, as phones present it. */
export function residentNumber(i: number): string {
  return `050${String(i).padStart(7, '0')}`;
}

/** Numbers that have no applicant (strangers calling for the first time). */
export function strangerNumber(i: number): string {
  return `097${String(i % 10_000_000).padStart(7, '0')}`;
}

/** E.164, as applicants are stored. */
export function e164(national: string): string {
  return `+380${national.slice(1)}`;
}

/** Seeded, so runs are repeatable: the generator the city's seed data uses. */
export { prng };

export interface Reference {
  categories: Array<{ id: number; executorId: number | null; emergency: boolean }>;
  streets: string[];
}

const FIRST = ['Олена', 'Микола', 'Ірина', 'Петро', 'Оксана', 'Андрій', 'Наталія', 'Василь', 'Тетяна', 'Сергій', 'Галина', 'Юрій'];
const LAST = ['Коваленко', 'Шевчук', 'Бондаренко', 'Ткаченко', 'Кравчук', 'Мельник', 'Олійник', 'Поліщук', 'Савченко', 'Лисенко'];
const TEXTS = [
  'Немає холодної води з ранку',
  'Не працює ліфт у під\'їзді',
  'Протікає дах над квартирою',
  'Не вивезено сміття',
  'Яма на дорозі біля будинку',
  'Не горить вуличне освітлення',
  'Холодні батареї в квартирі',
];

export type ApplicantRow = [phone: string, fullName: string, address: string, consent: boolean, doNotCall: boolean, createdAt: Date, updatedAt: Date];
export const APPLICANT_COLUMNS = ['phone', 'full_name', 'address', 'consent_to_calls', 'do_not_call', 'created_at', 'updated_at'];

export function applicantRow(i: number, ref: Reference, at: Date): ApplicantRow {
  const r = prng(i * 7 + 1);
  const street = ref.streets[Math.floor(r() * ref.streets.length)] ?? 'вулиця Шевченка';
  const name = `${LAST[Math.floor(r() * LAST.length)]} ${FIRST[Math.floor(r() * FIRST.length)]}`;
  return [e164(residentNumber(i)), name, `${street}, ${1 + Math.floor(r() * 120)}, кв. ${1 + Math.floor(r() * 200)}`, true, false, at, at];
}

export const APPEAL_COLUMNS = [
  'number', 'channel', 'status', 'applicant_id', 'category_id', 'executor_id', 'address', 'description', 'emergency',
  'registered_at', 'deadline_at', 'original_deadline_at', 'repeated', 'repeat_of_resolved', 'done_at', 'closed_at', 'created_at', 'updated_at',
];
export type AppealRow = unknown[];

const YEARS = 5;
const DAY = 86_400_000;

/**
 * Appeals in order of registration over the last five years, numbered `YYYY-NNNNNN` per year as
 * the server numbers them; `counters` collects each year's last number for appeal_counters.
 * Applicant ids are skewed (id ≈ applicants × r²): a few residents have thousands of appeals.
 */
export class AppealRows {
  readonly counters = new Map<number, number>();
  private readonly r = prng(42);
  private readonly from: number;

  constructor(
    private readonly total: number,
    private readonly applicantIds: { first: number; count: number },
    private readonly ref: Reference,
    private readonly now: Date,
  ) {
    this.from = now.getTime() - YEARS * 365 * DAY;
  }

  row(i: number): AppealRow {
    const r = this.r;
    const registeredAt = new Date(this.from + ((i + r()) / this.total) * (this.now.getTime() - this.from - 60_000));
    const year = registeredAt.getUTCFullYear();
    const seq = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, seq);
    const cat = this.ref.categories[Math.floor(r() * this.ref.categories.length)];
    const applicantId = this.applicantIds.first + Math.min(this.applicantIds.count - 1, Math.floor(this.applicantIds.count * r() * r()));
    const deadlineAt = new Date(registeredAt.getTime() + (cat.emergency ? 1 : 15) * DAY);
    const ageDays = (this.now.getTime() - registeredAt.getTime()) / DAY;
    const status = ageDays > 30 ? (r() < 0.9 ? 'confirmed' : r() < 0.5 ? 'rejected' : 'done') : (['new', 'assigned', 'in_progress', 'done', 'returned'] as const)[Math.floor(r() * 5)];
    const doneAt = status === 'done' || status === 'confirmed' ? new Date(registeredAt.getTime() + r() * 10 * DAY) : null;
    const closedAt = status === 'confirmed' || status === 'rejected' ? new Date((doneAt ?? registeredAt).getTime() + DAY) : null;
    const street = this.ref.streets[Math.floor(r() * this.ref.streets.length)] ?? 'вулиця Шевченка';
    return [
      `${year}-${String(seq).padStart(6, '0')}`, 'phone', status, applicantId, cat.id, status === 'new' ? null : cat.executorId,
      `${street}, ${1 + Math.floor(r() * 120)}`, TEXTS[Math.floor(r() * TEXTS.length)], cat.emergency,
      registeredAt, deadlineAt, deadlineAt, r() < 0.05, false, doneAt, closedAt, registeredAt, closedAt ?? doneAt ?? registeredAt,
    ];
  }
}
