import type { SaveFailure } from '../../lib/messaging';
import { t } from '../i18n';
import { num } from '../ui/locale';

/** Events are not being stored (a full disk, say): nothing is lost yet, but closing the tab would lose them. */
export function UnsavedBanner({ full, reason, waiting }: SaveFailure) {
  return <div class="paused-banner unsaved-banner" role="alert">{full ? t('unsavedDiskFull', num(waiting)) : t('unsavedFailed', num(waiting), reason)}</div>;
}
