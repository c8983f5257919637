/** Terse event constructors for tests: times are minutes (and seconds) after T0. */
import type { AgentStatus, Attribution, CloseEvent, InboxEvent, MessageEvent, ReturnToBotEvent, StatusEvent } from '../../../lib/events';
import { closeId, messageId, returnId, statusId } from '../../../lib/events';

export const T0 = Date.parse('2026-11-24T09:00:00.000Z');
export const MIN = 60_000;
export const at = (minutes: number): string => new Date(T0 + Math.round(minutes * MIN)).toISOString();
export const t = (minutes: number): number => T0 + Math.round(minutes * MIN);

let seq = 0;
interface MsgOpts {
  live?: boolean;
  route?: string;
  handoff?: boolean;
  attribution?: Attribution;
  msg?: string;
  title?: string;
}

function message(chat: string, minutes: number, by: MessageEvent['by'], agent: string | undefined, o: MsgOpts): MessageEvent {
  const msg = o.msg ?? `k${++seq}`;
  const e: MessageEvent = {
    v: 1,
    id: messageId('whatsapp', chat, msg),
    type: 'message',
    at: at(minutes),
    site: 'whatsapp',
    chat,
    chatTitle: o.title ?? `Title ${chat}`,
    msg,
    dir: by === 'customer' ? 'in' : 'out',
    by,
    attribution: o.attribution ?? (by === 'agent' ? 'local' : 'none'),
    live: o.live ?? true,
  };
  if (agent !== undefined) e.agent = agent;
  if (o.route !== undefined) e.route = o.route;
  if (o.handoff !== undefined) e.handoff = o.handoff;
  return e;
}

export const customer = (chat: string, minutes: number, o: MsgOpts = {}): MessageEvent => message(chat, minutes, 'customer', undefined, o);
export const agentMsg = (chat: string, minutes: number, agent: string, o: MsgOpts = {}): MessageEvent => message(chat, minutes, 'agent', agent, o);
export const bot = (chat: string, minutes: number, o: MsgOpts = {}): MessageEvent => message(chat, minutes, 'bot', undefined, o);
export const close = (chat: string, minutes: number, agent: string): CloseEvent => ({
  v: 1, id: closeId('whatsapp', chat, at(minutes)), type: 'close', at: at(minutes), site: 'whatsapp', chat, agent,
});
export const returnToBot = (chat: string, minutes: number, agent: string): ReturnToBotEvent => ({
  v: 1, id: returnId('whatsapp', chat, at(minutes)), type: 'return_to_bot', at: at(minutes), site: 'whatsapp', chat, agent,
});
export const status = (agent: string, minutes: number, s: AgentStatus, reason: StatusEvent['reason'] = 'manual'): StatusEvent => ({
  v: 1, id: statusId(agent, at(minutes), s), type: 'status', at: at(minutes), agent, status: s, reason,
});
export const agentInfo = (agent: string, name: string, team = 'support'): InboxEvent => ({
  v: 1, id: `a:${agent}`, type: 'agent', at: at(0), agent, name, team,
});
