import type { RouteForm } from '../../lib/settings-validation';
import { t } from '../i18n';
import { describe, FieldError } from '../ui/Field';
import { controlId } from './ids';

/** Routing options: a label and the keywords or menu answers (`1`, `sales`) that pick it. */
export function RoutesEditor({ routes, onChange, error }: {
  routes: RouteForm[];
  onChange: (routes: RouteForm[]) => void;
  error: (field: string) => string | undefined;
}) {
  const update = (i: number, patch: Partial<RouteForm>) => onChange(routes.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const remove = (i: number) => {
    onChange(routes.filter((_, k) => k !== i));
    // Keep the keyboard user in the list rather than dropping focus to <body>.
    queueMicrotask(() => document.getElementById(routes.length > 1 ? controlId(`routes.${Math.max(0, i - 1)}.label`) : 'add-route')?.focus());
  };
  const add = () => {
    onChange([...routes, { label: '', keywords: '' }]);
    queueMicrotask(() => document.getElementById(controlId(`routes.${routes.length}.label`))?.focus());
  };
  return (
    <div class="routes">
      {routes.length === 0 && <p class="muted">{t('optNoRoutes')}</p>}
      {routes.length > 0 && (
        <ol class="route-list">
          {routes.map((r, i) => {
            const labelId = controlId(`routes.${i}.label`);
            const kwId = controlId(`routes.${i}.keywords`);
            const labelErr = error(`routes.${i}.label`);
            const kwErr = error(`routes.${i}.keywords`);
            return (
              <li key={i} class="route-row">
                <div class="field">
                  <label for={labelId}>{t('optRouteLabel', String(i + 1))}</label>
                  <input type="text" {...describe(labelId, { error: labelErr })} value={r.label}
                    onInput={(e) => update(i, { label: e.currentTarget.value })} />
                  <FieldError id={labelId} error={labelErr} />
                </div>
                <div class="field grow">
                  <label for={kwId}>{t('optRouteKeywords')}</label>
                  <input type="text" {...describe(kwId, { error: kwErr })} value={r.keywords} placeholder={t('optRouteKeywordsPlaceholder')}
                    onInput={(e) => update(i, { keywords: e.currentTarget.value })} />
                  <FieldError id={kwId} error={kwErr} />
                </div>
                <button type="button" class="btn small danger remove" onClick={() => remove(i)}
                  aria-label={t('optRemoveRoute', r.label || String(i + 1))}>{t('optRemove')}</button>
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" id="add-route" class="btn small" onClick={add}>{t('optAddRoute')}</button>
    </div>
  );
}
