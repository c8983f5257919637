import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ImportError, parseEventsStream } from '../../lib/formats/import';
import { mergeEvents } from '../../lib/formats/merge';
import type { Broadcast } from '../../lib/messaging';
import { openPulseDb } from '../../lib/store/db';
import { putEvents } from '../../lib/store/events-store';
import { t } from '../i18n';
import { num, pct } from '../ui/locale';

type State =
  | { phase: 'idle' }
  | { phase: 'checking'; file: string; share: number; lines: number }
  | { phase: 'writing'; file: string; events: number; written: number }
  | { phase: 'done'; file: string; added: number; updated: number; duplicates: number }
  | { phase: 'rejected'; file: string; line: number | null; reason: string };

/** A File's bytes as an async iterable, counting progress (ReadableStream iteration is recent in Chromium). */
async function* chunksOf(file: File, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      onBytes(read);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Events per transaction while importing: progress moves, and no single write holds a whole big file. */
const IMPORT_BATCH = 5000;

/**
 * Import of events.ndjson (FORMATS.md): the whole file is validated first by the engine's
 * parser (lib/formats/import), and one bad line rejects it with its number and nothing is
 * written; then the events go in transactions of IMPORT_BATCH, where ids already stored are
 * skipped, so an import cut short (panel closed) is completed by importing the file again.
 */
export function ImportSection({ onImported }: { onImported: () => void }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const input = useRef<HTMLInputElement>(null);

  const run = async (file: File) => {
    setState({ phase: 'checking', file: file.name, share: 0, lines: 0 });
    let share = 0;
    try {
      const events = await parseEventsStream(
        chunksOf(file, (n) => { share = file.size ? n / file.size : 1; }),
        { progressEvery: 2000, onProgress: (lines) => setState({ phase: 'checking', file: file.name, share, lines }) },
      );
      const merged = mergeEvents(events);
      const db = await openPulseDb();
      try {
        const total = { added: 0, updated: 0, duplicates: events.length - merged.length };
        for (let i = 0; i < merged.length; i += IMPORT_BATCH) {
          setState({ phase: 'writing', file: file.name, events: merged.length, written: i });
          const result = await putEvents(db, merged.slice(i, i + IMPORT_BATCH));
          total.added += result.added;
          total.updated += result.updated;
          total.duplicates += result.duplicates;
        }
        setState({ phase: 'done', file: file.name, ...total });
      } finally {
        db.close();
      }
      const changed: Broadcast = { kind: 'changed', at: new Date().toISOString() };
      await browser.runtime.sendMessage(changed).catch(() => undefined);
      onImported();
    } catch (e) {
      if (e instanceof ImportError) setState({ phase: 'rejected', file: file.name, line: e.line, reason: e.reason });
      else setState({ phase: 'rejected', file: file.name, line: null, reason: e instanceof Error ? e.message : String(e) });
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const busy = state.phase === 'checking' || state.phase === 'writing';
  return (
    <section class="card import" aria-labelledby="import-title">
      <h2 id="import-title">{t('importTitle')}</h2>
      <p class="muted">{t('importHint')}</p>
      <div class="field import-field">
        <label for="import-file">{t('importChoose')}</label>
        <input type="file" id="import-file" ref={input} accept=".ndjson,.jsonl,.json,application/x-ndjson,text/plain" disabled={busy}
          onChange={(e) => { const f = e.currentTarget.files?.[0]; if (f) void run(f); }} />
      </div>
      <div role="status" aria-live="polite" class="import-status">
        {state.phase === 'checking' && (
          <>
            <p>{t('importChecking', state.file, num(state.lines))}</p>
            <progress class="progress" max={1} value={state.share} aria-label={t('importProgress', pct(state.share))} />
          </>
        )}
        {state.phase === 'writing' && (
          <>
            <p>{t('importWriting', num(state.written), num(state.events))}</p>
            <progress class="progress" max={state.events} value={state.written} aria-label={t('importWriting', num(state.written), num(state.events))} />
          </>
        )}
        {state.phase === 'done' && (
          <div class="status-msg ok">
            <p><strong>{t('importDone', state.file)}</strong></p>
            <ul class="import-result">
              <li>{t('importAdded', num(state.added))}</li>
              {state.updated > 0 && <li>{t('importUpdated', num(state.updated))}</li>}
              <li>{t('importDuplicates', num(state.duplicates))}</li>
            </ul>
          </div>
        )}
        {state.phase === 'rejected' && (
          <div class="status-msg bad">
            <p><strong>{t('importRejected', state.file)}</strong></p>
            <p>{state.line !== null ? t('importLineError', String(state.line), state.reason) : state.reason}</p>
            <p>{t('importNothingWritten')}</p>
          </div>
        )}
      </div>
    </section>
  );
}
