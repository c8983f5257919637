import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Broadcast } from '../../lib/messaging';
import { openPulseDb } from '../../lib/store/db';
import { eraseAllData } from '../../lib/store/erase';
import { countEvents } from '../../lib/store/events-store';
import { t } from '../i18n';
import { num } from '../ui/locale';

type Step = { kind: 'idle' } | { kind: 'confirm'; events: number } | { kind: 'busy' } | { kind: 'done'; events: number } | { kind: 'failed'; message: string };

/** "Delete all data", in two steps: the first says what will go, the second does it. */
export function DangerZone() {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  const ask = async () => {
    const db = await openPulseDb();
    try {
      setStep({ kind: 'confirm', events: await countEvents(db) });
    } finally {
      db.close();
    }
    // Focus the safe choice first.
    queueMicrotask(() => cancelRef.current?.focus());
  };
  const cancel = () => {
    setStep({ kind: 'idle' });
    queueMicrotask(() => openRef.current?.focus());
  };
  const erase = async () => {
    setStep({ kind: 'busy' });
    const db = await openPulseDb();
    try {
      const { events } = await eraseAllData(db);
      setStep({ kind: 'done', events });
      // Open side panels and popups redraw from the now empty store.
      const changed: Broadcast = { kind: 'changed', at: new Date().toISOString() };
      await browser.runtime.sendMessage(changed).catch(() => undefined);
    } catch (e) {
      setStep({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    } finally {
      db.close();
    }
    queueMicrotask(() => openRef.current?.focus());
  };

  return (
    <section class="card danger-zone" aria-labelledby="sec-danger">
      <h2 id="sec-danger">{t('optSecDanger')}</h2>
      <p class="muted">{t('optEraseHint')}</p>
      {step.kind === 'confirm' ? (
        <div class="confirm" role="alertdialog" aria-labelledby="erase-q" aria-describedby="erase-d">
          <p id="erase-q"><strong>{t('optEraseQuestion')}</strong></p>
          <p id="erase-d">{t('optEraseDetail', num(step.events))}</p>
          <div class="actions">
            <button type="button" class="btn" ref={cancelRef} onClick={cancel}>{t('optCancel')}</button>
            <button type="button" class="btn danger solid" onClick={() => void erase()}>{t('optEraseConfirm')}</button>
          </div>
        </div>
      ) : (
        <button type="button" class="btn danger" ref={openRef} disabled={step.kind === 'busy'} onClick={() => void ask()}>
          {t('optErase')}
        </button>
      )}
      <p role="status" class={step.kind === 'done' ? 'status-msg ok' : step.kind === 'failed' ? 'status-msg bad' : ''}>
        {step.kind === 'done' ? t('optErased', num(step.events)) : step.kind === 'failed' ? t('optEraseFailed', step.message) : ''}
      </p>
    </section>
  );
}
