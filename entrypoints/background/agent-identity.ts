import { agentEventId, iso, type AgentEvent } from '../../lib/events';
import { localAgent, type Settings } from '../../lib/settings';
import type { PulseDb } from '../../lib/store/db';
import { putEvents } from '../../lib/store/events-store';

/**
 * Records who this browser's agent is (`agent` event), so an exported file says whose it is and a
 * supervisor's merge can tie signed messages (by name) to locally sent ones (by id). The first one
 * is also the log's recording start (docs/metrics.md): written even before the agent is named.
 */
export async function recordAgentIdentity(db: Promise<PulseDb>, settings: Settings): Promise<void> {
  const agent = localAgent(settings);
  const name = settings.agentName.trim();
  const team = settings.team.trim();
  const event: AgentEvent = { v: 1, id: agentEventId(agent, name, team), at: iso(Date.now()), type: 'agent', agent, name, team };
  await putEvents(await db, [event]);
}
