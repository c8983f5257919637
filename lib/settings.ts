/** Everything the rules of docs/metrics.md read, with the documented defaults. */
export interface RouteOption { label: string; keywords: string[] }
export interface BusinessInterval { from: string; to: string } // "HH:MM", team time zone
export interface BusinessHours {
  enabled: boolean;
  timeZone: string;
  /** Index 0 = Monday … 6 = Sunday (ISO order). */
  week: BusinessInterval[][];
  /** YYYY-MM-DD in the schedule's time zone. */
  holidays: string[];
}

export interface Settings {
  agentId: string;
  agentName: string;
  team: string;
  /** Regular expression source matched against an outgoing message's rendered text; group 1 is the name. */
  signaturePattern: string;
  botRules: string[];
  handoffRules: string[];
  routes: RouteOption[];
  targets: { frtS: number; rtS: number; closeS: number };
  idleAfterS: number;
  /** A status not re-stated for this long is over at its last heartbeat (offline inferred); default 180 s. */
  heartbeatTimeoutS?: number;
  autoCloseAfterS: number;
  businessHours: BusinessHours;
  timeZone: string;
  retentionDays: number;
}

const defaultZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function defaultSettings(): Settings {
  const zone = defaultZone();
  return {
    agentId: '',
    agentName: '',
    team: '',
    // WhatsApp renders *Name:* as bold, so the asterisks are gone from the text we read.
    signaturePattern: '^([\\p{L}][\\p{L} .\'-]{0,39}):',
    botRules: [],
    handoffRules: [],
    routes: [],
    targets: { frtS: 9 * 60, rtS: 9 * 60, closeS: 60 * 60 },
    idleAfterS: 5 * 60,
    autoCloseAfterS: 24 * 3600,
    businessHours: { enabled: false, timeZone: zone, week: [[], [], [], [], [], [], []], holidays: [] },
    timeZone: zone,
    retentionDays: 365,
  };
}

/**
 * The id this browser's agent is recorded under. Signed messages name the agent by name; the
 * `agent` event this browser records ties the two together (see metrics/agent-directory.ts).
 */
export const localAgent = (s: Pick<Settings, 'agentName' | 'agentId'>): string => s.agentId.trim() || s.agentName.trim() || 'me';
