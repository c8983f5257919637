import { t } from '../i18n';
import { PERIOD_PRESETS, type PeriodChoice, type PeriodPreset } from './periods';

const LABEL_KEYS: Record<PeriodPreset, string> = {
  today: 'periodToday',
  '7d': 'period7d',
  '30d': 'period30d',
  thisWeek: 'periodThisWeek',
  lastWeek: 'periodLastWeek',
  thisMonth: 'periodThisMonth',
  lastMonth: 'periodLastMonth',
  custom: 'periodCustom',
};

/** Preset periods in a native select (keyboard and screen-reader friendly), two dates for a custom range. */
export function PeriodPicker({ value, onChange, invalid }: {
  value: PeriodChoice;
  onChange: (choice: PeriodChoice) => void;
  /** The custom range is reversed or incomplete. */
  invalid?: boolean;
}) {
  return (
    <div class="period-picker">
      <div class="field">
        <label for="period">{t('periodLabel')}</label>
        <select id="period" value={value.preset}
          onChange={(e) => onChange({ ...value, preset: e.currentTarget.value as PeriodPreset })}>
          {PERIOD_PRESETS.map((p) => <option key={p} value={p}>{t(LABEL_KEYS[p])}</option>)}
        </select>
      </div>
      {value.preset === 'custom' && (
        <>
          <div class="field">
            <label for="period-from">{t('periodFrom')}</label>
            <input type="date" id="period-from" value={value.from ?? ''} aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={invalid ? 'period-error' : undefined}
              onChange={(e) => onChange({ ...value, from: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="period-to">{t('periodTo')}</label>
            <input type="date" id="period-to" value={value.to ?? ''} aria-invalid={invalid ? 'true' : undefined}
              aria-describedby={invalid ? 'period-error' : undefined}
              onChange={(e) => onChange({ ...value, to: e.currentTarget.value })} />
          </div>
          {invalid && <p class="field-error" id="period-error">{t('periodInvalid')}</p>}
        </>
      )}
    </div>
  );
}
