import { DateTime } from 'luxon';
import { ValidationError } from '../core/errors';
import type { AppealAttributes } from '../models/appeal';

/** The datatypes of Open311 GeoReport v2 attributes; Kontakt's questions use the same words. */
export type QuestionType = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface QuestionValue {
  key: string;
  name: string;
}

/**
 * A question a category asks beyond the description, so the executor knows where to go and what
 * to bring (the lift's entrance and floor, the kind of street light). Open311 publishes them as a
 * service's attributes; an appeal keeps the answers by `code`.
 */
export interface CategoryQuestion {
  code: string;
  datatype: QuestionType;
  required: boolean;
  /** The question as a resident reads it. */
  description: string;
  /** How to write the answer. */
  datatypeDescription: string;
  values?: QuestionValue[];
  /** A number's bounds; every number question here is a whole number. */
  min?: number;
  max?: number;
}

const STRING_MAX = 200;
const TEXT_MAX = 2000;

const entrance = (required: boolean): CategoryQuestion => ({
  code: 'entrance', datatype: 'number', required, min: 1, max: 30,
  description: "Номер під'їзду", datatypeDescription: 'Ціле число від 1 до 30',
});
const floor = (description: string, required: boolean): CategoryQuestion => ({
  code: 'floor', datatype: 'number', required, min: -2, max: 40,
  description, datatypeDescription: 'Ціле число від −2 (підвал) до 40',
});

/** Questions by category code; categories not listed ask none. */
export const CATEGORY_QUESTIONS: Readonly<Record<string, readonly CategoryQuestion[]>> = {
  'elevator-stuck': [
    entrance(true),
    floor('Поверх, біля якого зупинився ліфт (якщо відомо)', false),
    {
      code: 'people_inside', datatype: 'singlevaluelist', required: true,
      description: 'Хто в кабіні', datatypeDescription: 'Один із варіантів',
      values: [
        { key: 'adult', name: 'Дорослі' },
        { key: 'child', name: 'Є діти' },
        { key: 'unwell', name: 'Людині погано' },
      ],
    },
  ],
  'elevator-broken': [
    entrance(true),
    floor('Поверх, на якому ліфт стоїть (якщо відомо)', false),
    {
      code: 'lift_kind', datatype: 'singlevaluelist', required: false,
      description: 'Який ліфт', datatypeDescription: 'Один із варіантів',
      values: [
        { key: 'passenger', name: 'Пасажирський' },
        { key: 'freight', name: 'Вантажний' },
      ],
    },
  ],
  'street-light': [
    {
      code: 'light_kind', datatype: 'singlevaluelist', required: true,
      description: 'Що з освітленням', datatypeDescription: 'Один із варіантів',
      values: [
        { key: 'one', name: 'Не світить один ліхтар' },
        { key: 'several', name: 'Не світять кілька ліхтарів поспіль' },
        { key: 'street', name: 'Темна вся вулиця' },
        { key: 'daytime', name: 'Світить удень' },
        { key: 'flicker', name: 'Ліхтар блимає' },
      ],
    },
    {
      code: 'pole_number', datatype: 'string', required: false,
      description: 'Номер опори, якщо його видно', datatypeDescription: `Текст до ${STRING_MAX} символів`,
    },
  ],
  'stairwell-light': [entrance(true), floor('Поверх, де немає світла', false)],
  'traffic-light': [
    {
      code: 'signal_state', datatype: 'singlevaluelist', required: true,
      description: 'Як працює світлофор', datatypeDescription: 'Один із варіантів',
      values: [
        { key: 'off', name: 'Не світиться зовсім' },
        { key: 'yellow', name: 'Блимає жовтим' },
        { key: 'pedestrian', name: 'Не працює пішохідна секція' },
        { key: 'stuck', name: 'Завис на одному сигналі' },
      ],
    },
  ],
  pothole: [
    {
      code: 'size', datatype: 'singlevaluelist', required: false,
      description: 'Розмір вибоїни', datatypeDescription: 'Один із варіантів',
      values: [
        { key: 'small', name: 'До пів метра' },
        { key: 'medium', name: 'Від пів метра до двох метрів' },
        { key: 'large', name: 'Понад два метри' },
      ],
    },
  ],
  'tree-fallen': [
    {
      code: 'blocking', datatype: 'multivaluelist', required: false,
      description: 'Що перекрито або пошкоджено', datatypeDescription: 'Один або кілька варіантів',
      values: [
        { key: 'road', name: 'Проїжджа частина' },
        { key: 'sidewalk', name: 'Тротуар' },
        { key: 'car', name: 'Автомобіль' },
        { key: 'wires', name: 'Дроти' },
      ],
    },
  ],
  'waste-not-collected': [
    {
      code: 'last_collection', datatype: 'datetime', required: false,
      description: 'Коли востаннє вивозили (якщо пам’ятаєте)', datatypeDescription: 'Дата ISO 8601, наприклад 2026-03-10',
    },
  ],
  'heating-weak': [
    {
      code: 'room_temperature', datatype: 'number', required: false, min: -10, max: 30,
      description: 'Температура в квартирі, °C', datatypeDescription: 'Ціле число від −10 до 30',
    },
    {
      code: 'details', datatype: 'text', required: false,
      description: 'Які кімнати й батареї холодні', datatypeDescription: `Текст до ${TEXT_MAX} символів`,
    },
  ],
};

export function questionsOf(categoryCode: string): readonly CategoryQuestion[] {
  return CATEGORY_QUESTIONS[categoryCode] ?? [];
}

function invalid(q: CategoryQuestion, why: string): ValidationError {
  const message = `Атрибут ${q.code} («${q.description}») ${why}`;
  return new ValidationError('invalid_attribute', message, [{ field: `attribute[${q.code}]`, message }]);
}

function one(q: CategoryQuestion, value: string): string {
  switch (q.datatype) {
    case 'number': {
      if (!/^[+-]?\d{1,6}$/.test(value)) throw invalid(q, `має бути цілим числом, отримано «${value.slice(0, 32)}»`);
      const n = Number(value);
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) throw invalid(q, `має бути від ${q.min} до ${q.max}, отримано ${n}`);
      return String(n);
    }
    case 'datetime': {
      const at = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? DateTime.fromISO(value.replace(' ', 'T'), { setZone: true }) : null;
      if (!at?.isValid) throw invalid(q, `має бути датою ISO 8601, отримано «${value.slice(0, 32)}»`);
      return value;
    }
    case 'string':
      if (value.length > STRING_MAX) throw invalid(q, `довший за ${STRING_MAX} символів`);
      return value;
    case 'text':
      if (value.length > TEXT_MAX) throw invalid(q, `довший за ${TEXT_MAX} символів`);
      return value;
    case 'singlevaluelist':
    case 'multivaluelist':
      if (!q.values!.some((v) => v.key === value)) {
        throw invalid(q, `має одне з значень ${q.values!.map((v) => v.key).join(', ')}; отримано «${value.slice(0, 32)}»`);
      }
      return value;
  }
}

/**
 * Checks a channel's answers against the category's questions: every required one answered,
 * each of its type, list answers among the listed keys. Answers to questions the category does
 * not ask are left out (clients such as FixMyStreet send their own extras). Returns what to keep,
 * or null when nothing was answered.
 */
export function checkAnswers(categoryCode: string, given: Record<string, string | string[]>): AppealAttributes | null {
  const answers: AppealAttributes = {};
  for (const q of questionsOf(categoryCode)) {
    const raw = given[q.code];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .flatMap((v) => (q.datatype === 'multivaluelist' ? v.split(',') : [v]))
      .map((v) => v.trim())
      .filter(Boolean);
    if (!values.length) {
      if (q.required) throw invalid(q, "обов'язковий для цієї послуги");
      continue;
    }
    if (q.datatype !== 'multivaluelist' && values.length > 1) throw invalid(q, 'задано кілька разів, а потрібне одне значення');
    const checked = [...new Set(values.map((v) => one(q, v)))];
    answers[q.code] = q.datatype === 'multivaluelist' ? checked : checked[0]!;
  }
  return Object.keys(answers).length ? answers : null;
}

/** The answers as staff read them: the question, the answer, and the listed value's name. */
export function describeAnswers(categoryCode: string | undefined, answers: AppealAttributes | null | undefined) {
  if (!answers) return [];
  const questions = categoryCode ? questionsOf(categoryCode) : [];
  return Object.entries(answers).map(([code, value]) => {
    const q = questions.find((x) => x.code === code);
    const name = (key: string) => q?.values?.find((v) => v.key === key)?.name ?? key;
    const values = Array.isArray(value) ? value : [value];
    return { code, question: q?.description ?? code, value, text: values.map(name).join(', ') };
  });
}
