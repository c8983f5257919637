/** The WhatsApp Web adapter. */
import type { SiteAdapter } from '../site-adapter';
import { composer, composerText, isNoise, isSendControl } from './composer';
import { health } from './health';
import { conversationRoot, headerSlot, openChat, readMessages } from './messages';
import { RowReadCache } from './read-cache';
import { appReady, appRoot, findChatList, readRows } from './rows';

export const whatsappAdapter: SiteAdapter = {
  site: 'whatsapp',
  appRoot,
  appReady,
  chatList: findChatList,
  readRows,
  openChat,
  conversationRoot,
  readMessages,
  createReadCache: () => new RowReadCache(),
  composer,
  composerText,
  isSendControl,
  isNoise,
  headerSlot,
  health,
};

export { messageKey, parseDataId, decideDirection, directionSignals } from './messages';
export { parseClock, parseDate, parsePrePlainText } from './timestamp';
export { THRESHOLDS } from './health';
