/** SLA compliance (docs/metrics.md): the share of FRT, RT and close values within their targets. */
import type { Settings } from '../settings';
import { shareAtMost } from './aggregate';
import type { MetricAggs } from './metric-aggs';

export interface SlaCompliance {
  /** Shares in 0..1; null when there is no value to judge. */
  frt: number | null;
  rt: number | null;
  close: number | null;
}

export function slaCompliance(aggs: MetricAggs, targets: Settings['targets']): SlaCompliance {
  return {
    frt: shareAtMost(aggs.frt, targets.frtS * 1000),
    rt: shareAtMost(aggs.rt, targets.rtS * 1000),
    close: shareAtMost(aggs.close, targets.closeS * 1000),
  };
}
