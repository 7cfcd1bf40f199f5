import { CATEGORY_QUESTIONS, checkAnswers, describeAnswers } from '../../appeals/category-questions';
import { categories } from '../../scripts/seed-data';
import { ValidationError } from '../../core/errors';

describe('the categories’ questions', () => {
  test('each belongs to a category of the classifier, with unique codes and list values where a list is asked', () => {
    const codes = new Set(categories.map((c) => c.code));
    for (const [category, questions] of Object.entries(CATEGORY_QUESTIONS)) {
      expect(codes.has(category)).toBe(true);
      expect(new Set(questions.map((q) => q.code)).size).toBe(questions.length);
      for (const q of questions) {
        expect(q.description.length).toBeGreaterThan(3);
        expect(q.datatypeDescription.length).toBeGreaterThan(3);
        expect(Boolean(q.values?.length)).toBe(q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist');
      }
    }
  });

  test('answers are kept by code, trimmed, numbers normalised, multi-values from repeats or commas', () => {
    expect(checkAnswers('elevator-stuck', { entrance: ' 03 ', people_inside: 'child', fixmystreet_id: '7' })).toEqual({ entrance: '3', people_inside: 'child' });
    expect(checkAnswers('tree-fallen', { blocking: ['road', 'car,wires', 'road'] })).toEqual({ blocking: ['road', 'car', 'wires'] });
    expect(checkAnswers('pothole', {})).toBeNull();
    expect(checkAnswers('cold-water-none', { anything: 'x' })).toBeNull();
  });

  test.each([
    ['elevator-stuck', { people_inside: 'adult' }, /entrance.*обов'язковий/],
    ['elevator-stuck', { entrance: '2.5', people_inside: 'adult' }, /entrance.*цілим/],
    ['heating-weak', { room_temperature: '45' }, /від -10 до 30/],
    ['tree-fallen', { blocking: 'road,river' }, /blocking.*river/],
    ['street-light', { light_kind: 'one', pole_number: 'я'.repeat(201) }, /pole_number.*200/],
    ['waste-not-collected', { last_collection: '2026-02-30' }, /ISO 8601/],
  ])('%s %j is refused in Ukrainian, naming the attribute', (category, given, message) => {
    expect(() => checkAnswers(category, given)).toThrow(ValidationError);
    expect(() => checkAnswers(category, given)).toThrow(message);
  });

  test('staff read the question and the listed value’s name', () => {
    expect(describeAnswers('tree-fallen', { blocking: ['road', 'wires'] })).toEqual([
      { code: 'blocking', question: 'Що перекрито або пошкоджено', value: ['road', 'wires'], text: 'Проїжджа частина, Дроти' },
    ]);
    expect(describeAnswers('retired-category', { floor: '2' })).toEqual([{ code: 'floor', question: 'floor', value: '2', text: '2' }]);
  });
});
