import type { AgentStatus } from '../../lib/events';
import { t } from '../i18n';

/**
 * The agent's own status; a click toggles between online and unavailable. The inbox overlay and
 * the popup show the same control, each styled by its own class.
 */
export function StatusPill({ status, onToggle, variant }: { status: AgentStatus; onToggle: (event: Event) => void; variant: 'status-pill' | 'status-toggle' }) {
  return (
    <button type="button" class={`${variant} ${status}`} data-status={status} onClick={onToggle} title={t('statusToggle')}>
      <span class="dot" aria-hidden="true" />
      {t(`status_${status}`)}
    </button>
  );
}
