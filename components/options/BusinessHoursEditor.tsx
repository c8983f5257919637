import type { IntervalForm, SettingsForm } from '../../lib/settings-validation';
import { t } from '../i18n';
import { describe, Field, FieldError } from '../ui/Field';
import { weekdayNames } from '../ui/locale';
import { controlId, type SetField } from './ids';

/** Schedule: on/off, its zone, any number of HH:MM intervals per weekday, holiday dates. */
export function BusinessHoursEditor({ form, set, error }: {
  form: SettingsForm;
  set: SetField;
  error: (field: string) => string | undefined;
}) {
  const days = weekdayNames('long');
  const setDay = (day: number, intervals: IntervalForm[]) => set('week', form.week.map((d, k) => (k === day ? intervals : d)));
  const add = (day: number) => {
    const list = form.week[day];
    // Suggest the day's usual shape: a morning, then an afternoon after the last interval.
    const next = list.length ? { from: list[list.length - 1].to, to: '' } : { from: '09:00', to: '17:00' };
    setDay(day, [...list, next]);
    queueMicrotask(() => document.getElementById(controlId(`businessHours.week.${day}.${list.length}.from`))?.focus());
  };
  const remove = (day: number, i: number) => {
    setDay(day, form.week[day].filter((_, k) => k !== i));
    queueMicrotask(() => document.getElementById(`add-interval-${day}`)?.focus());
  };
  const copyMonday = () => set('week', form.week.map((d, k) => (k > 0 && k < 5 ? form.week[0].map((x) => ({ ...x })) : d)));
  const zoneHint = t('optTimeZoneHint');
  const weekErr = error('businessHours.week');

  return (
    <div class="stack">
      <label class="check">
        <input type="checkbox" id={controlId('businessHoursEnabled')} checked={form.businessHoursEnabled}
          onChange={(e) => set('businessHoursEnabled', e.currentTarget.checked)} />
        {t('optBusinessEnabled')}
      </label>
      <p class="muted">{t('optBusinessHint')}</p>
      <div class="field-row">
        <Field id={controlId('businessHours.timeZone')} label={t('optBusinessTimeZone')} hint={zoneHint} error={error('businessHours.timeZone')}>
          <input type="text" list="tz-list" spellcheck={false} autocomplete="off"
            {...describe(controlId('businessHours.timeZone'), { hint: zoneHint, error: error('businessHours.timeZone') })}
            value={form.businessTimeZone} onInput={(e) => set('businessTimeZone', e.currentTarget.value)} />
        </Field>
      </div>
      <fieldset class="week" aria-describedby={weekErr ? `${controlId('businessHours.week')}-error` : undefined}>
        <legend class="field-label">{t('optBusinessWeek')}</legend>
        <p class="hint muted">{t('optBusinessWeekHint')}</p>
        <div class="week-days">
          {days.map((name, day) => (
            <div class="week-day" key={day} role="group" aria-labelledby={`day-${day}`}>
              <span class="day-name" id={`day-${day}`}>{name}</span>
              <div class="intervals">
                {form.week[day].length === 0 && <span class="muted closed">{t('optClosed')}</span>}
                {form.week[day].map((iv, i) => {
                  const base = `businessHours.week.${day}.${i}`;
                  const fromId = controlId(`${base}.from`);
                  const toId = controlId(`${base}.to`);
                  const fromErr = error(`${base}.from`);
                  const toErr = error(`${base}.to`);
                  return (
                    <div class="interval" key={i}>
                      <div class="interval-inputs">
                        <label class="sr-only" for={fromId}>{t('optIntervalFrom', name, String(i + 1))}</label>
                        <input type="text" class="time num" inputMode="numeric" placeholder="09:00" maxLength={5}
                          {...describe(fromId, { error: fromErr })} value={iv.from}
                          onInput={(e) => setDay(day, form.week[day].map((x, k) => (k === i ? { ...x, from: e.currentTarget.value } : x)))} />
                        <span aria-hidden="true">–</span>
                        <label class="sr-only" for={toId}>{t('optIntervalTo', name, String(i + 1))}</label>
                        <input type="text" class="time num" inputMode="numeric" placeholder="17:00" maxLength={5}
                          {...describe(toId, { error: toErr })} value={iv.to}
                          onInput={(e) => setDay(day, form.week[day].map((x, k) => (k === i ? { ...x, to: e.currentTarget.value } : x)))} />
                        <button type="button" class="btn small icon" onClick={() => remove(day, i)}
                          aria-label={t('optRemoveInterval', name, String(i + 1))} title={t('optRemove')}>×</button>
                      </div>
                      <FieldError id={fromId} error={fromErr} />
                      <FieldError id={toId} error={toErr} />
                    </div>
                  );
                })}
              </div>
              <button type="button" class="btn small" id={`add-interval-${day}`} onClick={() => add(day)}
                aria-label={t('optAddIntervalFor', name)}>{t('optAddInterval')}</button>
            </div>
          ))}
        </div>
        <div class="week-actions">
          <button type="button" class="btn small" onClick={copyMonday}>{t('optCopyMonday')}</button>
        </div>
        <FieldError id={controlId('businessHours.week')} error={weekErr} />
      </fieldset>
      <Field id={controlId('businessHours.holidays')} label={t('optHolidays')} hint={t('optHolidaysHint')} error={error('businessHours.holidays')}>
        <textarea rows={3} spellcheck={false} placeholder="2026-12-25"
          {...describe(controlId('businessHours.holidays'), { hint: t('optHolidaysHint'), error: error('businessHours.holidays') })}
          value={form.holidays} onInput={(e) => set('holidays', e.currentTarget.value)} />
      </Field>
    </div>
  );
}
