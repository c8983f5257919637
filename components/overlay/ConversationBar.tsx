import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatDuration } from '../../lib/format-duration';
import { t } from '../i18n';
import { trusted } from './trusted';

/**
 * Sits over the conversation header: the episode's FRT once known, and the two actions. Its
 * running time is drawn by the timers frame just left of it, so it reports its width, which
 * changes only with its content, never on a tick.
 */
export function ConversationBar({ top, right, firstResponseS, locale, onWidth, onClose, onReturnToBot }: {
  top: number;
  right: number;
  firstResponseS: number | null;
  locale: string;
  onWidth: (px: number) => void;
  onClose: () => void;
  onReturnToBot: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const reportWidth = useRef(onWidth);
  reportWidth.current = onWidth;
  useLayoutEffect(() => {
    const observer = new ResizeObserver(([entry]) => reportWidth.current(entry.borderBoxSize[0].inlineSize));
    observer.observe(ref.current!);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} class="conversation-bar" style={{ top: `${top}px`, right: `${right}px` }}>
      {firstResponseS != null && (
        <span class="episode-frt" data-frt-s={firstResponseS}>{t('frtShort')} {formatDuration(firstResponseS, locale)}</span>
      )}
      <button type="button" class="action close" onClick={trusted(onClose)}>{t('actionClose')}</button>
      <button type="button" class="action return" onClick={trusted(onReturnToBot)}>{t('actionReturnToBot')}</button>
    </div>
  );
}
