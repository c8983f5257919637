import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { defaultSettings, type Settings } from '../../lib/settings';
import { errorFor, fromForm, toForm, type FieldError, type SettingsForm } from '../../lib/settings-validation';
import { loadSettings, settingsItem } from '../../lib/store/settings-item';
import { t } from '../i18n';
import { describe, Field } from '../ui/Field';
import { weekdayNames } from '../ui/locale';
import { BusinessHoursEditor } from './BusinessHoursEditor';
import { DangerZone } from './DangerZone';
import { controlId, type SetField } from './ids';
import { RoutesEditor } from './RoutesEditor';


const message = (e: FieldError | undefined): string | undefined => (e ? t(e.key, ...(e.subs ?? [])) : undefined);

const FIELD_LABELS: Record<string, string> = {
  agentName: 'optAgentName', agentId: 'optAgentId', team: 'optTeam', signaturePattern: 'optSignature',
  botRules: 'optBotRules', handoffRules: 'optHandoffRules', 'targets.frt': 'optTargetFrt', 'targets.rt': 'optTargetRt',
  'targets.close': 'optTargetClose', idleAfter: 'optIdleAfter', autoCloseAfter: 'optAutoCloseAfter', timeZone: 'optTimeZone',
  retentionDays: 'optRetention', 'businessHours.timeZone': 'optBusinessTimeZone', 'businessHours.week': 'optBusinessWeek',
  'businessHours.holidays': 'optHolidays',
};

/** The label of the control an error belongs to, for the summary at the top. */
function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return t(FIELD_LABELS[field]);
  const route = /^routes\.(\d+)\.(label|keywords)$/.exec(field);
  if (route) return route[2] === 'label' ? t('optRouteLabel', String(Number(route[1]) + 1)) : `${t('optRouteKeywords')} (${Number(route[1]) + 1})`;
  const interval = /^businessHours\.week\.(\d)\.(\d+)\.(from|to)$/.exec(field);
  if (interval) return t(interval[3] === 'from' ? 'optIntervalFrom' : 'optIntervalTo', weekdayNames()[Number(interval[1])], String(Number(interval[2]) + 1));
  return field;
}

/** Every zone the browser knows, offered as suggestions; any zone Intl accepts is valid. */
const zones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

type Status = { kind: 'saved' | 'invalid' | 'external' | 'error'; text: string } | null;

export function OptionsApp() {
  const [base, setBase] = useState<Settings | null>(null);
  const [form, setForm] = useState<SettingsForm>(() => toForm(defaultSettings()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const dirty = useRef(false);
  const summary = useRef<HTMLDivElement>(null);
  const zoneList = useMemo(zones, []);

  useEffect(() => {
    let alive = true;
    void loadSettings().then((s) => {
      if (!alive) return;
      setBase(s);
      setForm(toForm(s));
    });
    // Another surface (or another options tab) saved: follow it unless the user is mid-edit.
    const unwatch = settingsItem.watch((next) => {
      const s = { ...defaultSettings(), ...(next ?? {}) };
      setBase(s);
      if (!dirty.current) setForm(toForm(s));
      else setStatus({ kind: 'external', text: t('optSavedElsewhere') });
    });
    return () => { alive = false; unwatch(); };
  }, []);

  const set: SetField = (key, value) => {
    dirty.current = true;
    setStatus(null);
    const next = { ...form, [key]: value };
    setForm(next);
    // After a failed save, errors follow the typing so a fixed field clears at once.
    if (submitted) setErrors(fromForm(next, base ?? undefined).errors);
  };

  const err = (field: string) => message(errorFor(errors, field));

  const onSubmit = async (ev: Event) => {
    ev.preventDefault();
    setSubmitted(true);
    const result = fromForm(form, base ?? undefined);
    setErrors(result.errors);
    if (!result.settings) {
      setStatus({ kind: 'invalid', text: t('optInvalid', String(result.errors.length)) });
      queueMicrotask(() => summary.current?.focus());
      return;
    }
    try {
      await settingsItem.setValue(result.settings);
      dirty.current = false;
      setBase(result.settings);
      setForm(toForm(result.settings));
      setStatus({ kind: 'saved', text: t('optSaved') });
    } catch (e) {
      setStatus({ kind: 'error', text: t('optSaveFailed', e instanceof Error ? e.message : String(e)) });
    }
  };

  const onReset = () => {
    if (!base) return;
    dirty.current = false;
    setForm(toForm(base));
    setErrors([]);
    setSubmitted(false);
    setStatus(null);
  };

  const text = (key: 'agentName' | 'agentId' | 'team', label: string, hint?: string) => (
    <Field id={controlId(key)} label={label} hint={hint} error={err(key)}>
      <input type="text" {...describe(controlId(key), { hint, error: err(key) })} value={form[key]}
        onInput={(e) => set(key, e.currentTarget.value)} autocomplete="off" />
    </Field>
  );
  const number = (key: 'frtTarget' | 'rtTarget' | 'closeTarget' | 'idleAfter' | 'autoCloseAfter' | 'retentionDays', field: string, label: string, unit: string, hint?: string) => {
    const id = controlId(field);
    return (
      <Field id={id} label={label} hint={hint} error={err(field)}>
        <span class="input-unit">
          <input type="text" inputMode="decimal" class="num" {...describe(id, { hint, error: err(field) })}
            value={form[key]} onInput={(e) => set(key, e.currentTarget.value)} />
          <span class="muted">{unit}</span>
        </span>
      </Field>
    );
  };
  const rules = (key: 'botRules' | 'handoffRules', label: string, hint: string) => (
    <Field id={controlId(key)} label={label} hint={hint} error={err(key)}>
      <textarea {...describe(controlId(key), { hint, error: err(key) })} value={form[key]} rows={4} spellcheck={false}
        onInput={(e) => set(key, e.currentTarget.value)} />
    </Field>
  );

  return (
    <div class="page options">
      <header class="page-header">
        <div class="brand"><span class="brand-mark" aria-hidden="true" /><h1>{t('optTitle')}</h1></div>
        <p class="muted">{t('optIntro')}</p>
      </header>

      <form onSubmit={onSubmit} noValidate aria-describedby="opt-status" class="options-form">
        {errors.length > 0 && (
          <div class="card error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
            <h2 id="error-summary-title">{t('optFixErrors')}</h2>
            <ul>
              {errors.map((e) => (
                <li key={`${e.field}:${e.key}`}>
                  <a href={`#${controlId(e.field)}`} onClick={(ev) => { ev.preventDefault(); focusControl(e.field); }}>
                    {t('optErrorItem', fieldLabel(e.field), message(e) ?? '')}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}

        <section class="card" aria-labelledby="sec-agent">
          <h2 id="sec-agent">{t('optSecAgent')}</h2>
          <div class="field-row">
            {text('agentName', t('optAgentName'), t('optAgentNameHint'))}
            {text('agentId', t('optAgentId'), t('optAgentIdHint'))}
            {text('team', t('optTeam'))}
          </div>
        </section>

        <section class="card" aria-labelledby="sec-recognition">
          <h2 id="sec-recognition">{t('optSecRecognition')}</h2>
          <div class="stack">
            <Field id={controlId('signaturePattern')} label={t('optSignature')} hint={t('optSignatureHint')} error={err('signaturePattern')}>
              <input type="text" class="mono" spellcheck={false}
                {...describe(controlId('signaturePattern'), { hint: t('optSignatureHint'), error: err('signaturePattern') })}
                value={form.signaturePattern} onInput={(e) => set('signaturePattern', e.currentTarget.value)} />
            </Field>
            {rules('botRules', t('optBotRules'), t('optBotRulesHint'))}
            {rules('handoffRules', t('optHandoffRules'), t('optHandoffRulesHint'))}
          </div>
        </section>

        <section class="card" aria-labelledby="sec-routing">
          <h2 id="sec-routing">{t('optSecRouting')}</h2>
          <p class="muted section-intro">{t('optRoutingHint')}</p>
          <RoutesEditor routes={form.routes} onChange={(r) => set('routes', r)} error={err} />
        </section>

        <section class="card" aria-labelledby="sec-targets">
          <h2 id="sec-targets">{t('optSecTargets')}</h2>
          <div class="field-row">
            {number('frtTarget', 'targets.frt', t('optTargetFrt'), t('unitMinutes'))}
            {number('rtTarget', 'targets.rt', t('optTargetRt'), t('unitMinutes'))}
            {number('closeTarget', 'targets.close', t('optTargetClose'), t('unitMinutes'))}
          </div>
          <div class="field-row">
            {number('idleAfter', 'idleAfter', t('optIdleAfter'), t('unitMinutes'), t('optIdleAfterHint'))}
            {number('autoCloseAfter', 'autoCloseAfter', t('optAutoCloseAfter'), t('unitHours'), t('optAutoCloseAfterHint'))}
          </div>
        </section>

        <section class="card" aria-labelledby="sec-hours">
          <h2 id="sec-hours">{t('optSecBusinessHours')}</h2>
          <BusinessHoursEditor form={form} set={set} error={err} />
        </section>

        <section class="card" aria-labelledby="sec-data">
          <h2 id="sec-data">{t('optSecTimeData')}</h2>
          <div class="field-row">
            <Field id={controlId('timeZone')} label={t('optTimeZone')} hint={t('optTimeZoneHint')} error={err('timeZone')}>
              <input type="text" list="tz-list" spellcheck={false} autocomplete="off"
                {...describe(controlId('timeZone'), { hint: t('optTimeZoneHint'), error: err('timeZone') })}
                value={form.timeZone} onInput={(e) => set('timeZone', e.currentTarget.value)} />
            </Field>
            {number('retentionDays', 'retentionDays', t('optRetention'), t('unitDays'), t('optRetentionHint'))}
          </div>
          <datalist id="tz-list">{zoneList.map((z) => <option key={z} value={z} />)}</datalist>
        </section>

        <div class="save-bar" role="group" aria-label={t('optSaveBar')}>
          <button type="submit" class="btn primary">{t('optSave')}</button>
          <button type="button" class="btn" onClick={onReset}>{t('optRevert')}</button>
          <p id="opt-status" role="status" aria-live="polite"
            class={status ? `status-msg ${status.kind === 'saved' ? 'ok' : status.kind === 'external' ? 'info' : 'bad'}` : 'status-msg'}>
            {status?.text ?? ''}
          </p>
        </div>
      </form>

      <DangerZone />
    </div>
  );
}

function focusControl(field: string): void {
  // A whole-list error (e.g. no business interval) focuses the list's first control.
  const el = document.getElementById(controlId(field)) ?? document.querySelector<HTMLElement>(`[id^="${controlId(field)}"]`);
  el?.focus();
}
