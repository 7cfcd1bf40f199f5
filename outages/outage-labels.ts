import type { Utility } from '../models';

/** What a written title says is cut off (the IVR has its own spoken forms in ivr/speech). */
export const UTILITY_TITLES: Record<Utility, string> = {
  cold_water: 'холодного водопостачання',
  hot_water: 'гарячого водопостачання',
  heating: 'опалення',
  electricity: 'електропостачання',
  gas: 'газопостачання',
  other: 'комунальної послуги',
};

export const KIND_TITLES = { planned: 'Планове відключення', emergency: 'Аварійне відключення' } as const;

/** 'Аварійне відключення опалення: вулиця Шевченка, будинки 1–15'. */
export function outageTitle(o: { kind: keyof typeof KIND_TITLES; utility: Utility; area: string }): string {
  return `${KIND_TITLES[o.kind]} ${UTILITY_TITLES[o.utility]}: ${o.area}`;
}
