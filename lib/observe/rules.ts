/** Settings rules compiled once: bot, handoff, signature, routing. PURE. */
import type { RouteOption, Settings } from '../settings';

export interface CompiledRules {
  /** 'handoff' when a handoff rule matches (handoff messages are bot messages too), 'bot' for a bot rule, else null. */
  botKind(text: string | undefined): 'bot' | 'handoff' | null;
  /** The agent name from a signature candidate (group 1 of signaturePattern), else null. */
  signatureName(signature: string | undefined): string | null;
  /** The label of the first route option matched by a customer message, else null. */
  route(text: string | undefined): string | null;
  /** Rule sources that did not compile (shown in the options page; they match nothing). */
  invalid: string[];
}

function compile(source: string, flags: string, invalid: string[]): RegExp | null {
  // 'u' first (the default signature pattern uses \p{L}); some user patterns are only valid without it.
  for (const f of [flags + 'u', flags]) {
    try {
      return new RegExp(source, f);
    } catch {
      /* try the next flag set */
    }
  }
  invalid.push(source);
  return null;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A menu answer ("1", "2)", "#") has no letters: it must be the whole message, not a word in it. */
const isMenuAnswer = (keyword: string): boolean => !/\p{L}/u.test(keyword);

type RouteMatcher = (text: string) => boolean;

function routeMatcher(keyword: string): RouteMatcher | null {
  const k = keyword.normalize('NFC').trim();
  if (!k) return null;
  if (isMenuAnswer(k)) {
    const lower = k.toLowerCase();
    return (text) => text.normalize('NFC').trim().toLowerCase() === lower;
  }
  // A case-insensitive whole word (or phrase): not preceded or followed by a letter or digit.
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(k).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
  return (text) => re.test(text.normalize('NFC'));
}

export function compileRules(settings: Pick<Settings, 'botRules' | 'handoffRules' | 'signaturePattern' | 'routes'>): CompiledRules {
  const invalid: string[] = [];
  const bot = settings.botRules.map((s) => compile(s, 'i', invalid)).filter((r): r is RegExp => r !== null);
  const handoff = settings.handoffRules.map((s) => compile(s, 'i', invalid)).filter((r): r is RegExp => r !== null);
  const signature = settings.signaturePattern ? compile(settings.signaturePattern, '', invalid) : null;
  const routes: { label: string; match: RouteMatcher[] }[] = settings.routes.map((r: RouteOption) => ({
    label: r.label,
    match: r.keywords.map(routeMatcher).filter((m): m is RouteMatcher => m !== null),
  }));

  return {
    invalid,
    botKind(text) {
      if (text === undefined) return null;
      if (handoff.some((r) => r.test(text))) return 'handoff';
      if (bot.some((r) => r.test(text))) return 'bot';
      return null;
    },
    signatureName(candidate) {
      if (!signature || candidate === undefined) return null;
      const m = signature.exec(candidate.trim());
      const name = m?.[1]?.trim();
      return name ? name : null;
    },
    route(text) {
      if (text === undefined) return null;
      for (const r of routes) if (r.match.some((m) => m(text))) return r.label;
      return null;
    },
  };
}
