import type { SettingsForm } from '../../lib/settings-validation';

export type SetField = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;

/** Controls are named by the field path of their errors, so a click on the summary focuses the right one. */
export const controlId = (field: string): string => `f-${field.replace(/\./g, '-')}`;
