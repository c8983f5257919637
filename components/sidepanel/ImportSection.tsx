import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ImportError, parseEventsStream } from '../../lib/formats/import';
import type { Broadcast } from '../../lib/messaging';
import { t } from '../i18n';
import { num, pct } from '../ui/locale';
import { importEvents } from './data';

type State =
  | { phase: 'idle' }
  | { phase: 'checking'; file: string; share: number; lines: number }
  | { phase: 'writing'; file: string; events: number }
  | { phase: 'done'; file: string; added: number; updated: number; duplicates: number }
  /** The file was refused before anything was written. */
  | { phase: 'rejected'; file: string; line: number | null; reason: string }
  /** The write failed: its one transaction was rolled back. */
  | { phase: 'failed'; file: string; reason: string };

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

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message || e.name : String(e));

/**
 * Import of events.ndjson (docs/formats.md): the whole file is validated first by the engine's
 * parser (lib/formats/import), and one bad line rejects it with its number; then every event is
 * written in one transaction (data.ts importEvents), so a failed write leaves nothing behind either
 * and the file can simply be imported again (ids already stored are skipped).
 */
export function ImportSection({ onImported }: { onImported: () => void }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const input = useRef<HTMLInputElement>(null);

  const write = async (file: File, events: Parameters<typeof importEvents>[0]) => {
    setState({ phase: 'writing', file: file.name, events: events.length });
    try {
      setState({ phase: 'done', file: file.name, ...await importEvents(events) });
    } catch (e) {
      setState({ phase: 'failed', file: file.name, reason: reasonOf(e) });
      return;
    }
    const changed: Broadcast = { kind: 'changed', at: new Date().toISOString() };
    await browser.runtime.sendMessage(changed).catch(() => undefined);
    onImported();
  };

  const run = async (file: File) => {
    setState({ phase: 'checking', file: file.name, share: 0, lines: 0 });
    let share = 0;
    try {
      const events = await parseEventsStream(
        chunksOf(file, (n) => { share = file.size ? n / file.size : 1; }),
        { progressEvery: 2000, onProgress: (lines) => setState({ phase: 'checking', file: file.name, share, lines }) },
      );
      await write(file, events);
    } catch (e) {
      if (e instanceof ImportError) setState({ phase: 'rejected', file: file.name, line: e.line, reason: e.reason });
      else setState({ phase: 'rejected', file: file.name, line: null, reason: reasonOf(e) });
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
            <p>{t('importWriting', num(state.events))}</p>
            <progress class="progress" aria-label={t('importWriting', num(state.events))} />
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
        {state.phase === 'failed' && (
          <div class="status-msg bad">
            <p><strong>{t('importRejected', state.file)}</strong></p>
            <p>{t('importWriteFailed', state.reason)}</p>
          </div>
        )}
      </div>
    </section>
  );
}
