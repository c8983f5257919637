import { useState } from 'preact/hooks';
import { EXPORT_KINDS, type ExportKind } from '../../lib/exports';
import { t } from '../i18n';
import type { PeriodPreset } from '../ui/periods';

const CHOICES: PeriodPreset[] = ['today', 'thisWeek', 'lastWeek', '7d', '30d', 'thisMonth', 'lastMonth'];

/** One period, three files; the file is built on demand so an idle popup costs nothing. */
export function ExportPanel({ onExport }: { onExport: (kind: ExportKind, preset: PeriodPreset) => Promise<void> }) {
  const [preset, setPreset] = useState<PeriodPreset>('thisWeek');
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: ExportKind) => {
    setBusy(kind);
    setError(null);
    try { await onExport(kind, preset); } catch (e) { setError(String(e)); } finally { setBusy(null); }
  };
  return (
    <section class="export" aria-labelledby="export-title">
      <h2 id="export-title">{t('exportTitle')}</h2>
      <label>
        {t('exportPeriod')}{' '}
        <select value={preset} onChange={(e) => setPreset((e.target as HTMLSelectElement).value as PeriodPreset)}>
          {CHOICES.map((c) => <option key={c} value={c}>{t(`period_${c}`)}</option>)}
        </select>
      </label>
      <div class="export-buttons">
        {EXPORT_KINDS.map((kind) => (
          <button key={kind} type="button" disabled={busy !== null} onClick={() => run(kind)} data-export={kind}>{kind}</button>
        ))}
      </div>
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}
