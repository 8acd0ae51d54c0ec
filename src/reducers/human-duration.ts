/**
 * Kubernetes' human-readable durations: `HumanDuration` (kubectl's AGE column and the
 * "3 (10s ago)" text) and Go's `time.Duration` text (used in kubelet messages such as
 * `back-off 1m20s restarting failed container=...`).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * kubectl's age text for a duration in milliseconds, exactly as apimachinery's
 * `duration.HumanDuration` (k8s-semantics §G.4): `45s`, `2m30s`, `5m`, `3h10m`, `2d`, `2y1d`, and
 * `<invalid>` below −1 s (a clock skew of up to 2 s prints `0s`). It does not round: `119.9s` is
 * `119s`.
 *
 * @example
 * ```ts
 * import { humanDuration } from 'podkit';
 * humanDuration(150_000); // '2m30s'
 * humanDuration(49 * 3_600_000); // '2d1h'
 * ```
 */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<invalid>';
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24);
    const dy = days % 365;
    const years = Math.floor(days / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/**
 * Go's `time.Duration.String()` for a duration in milliseconds: `10s`, `1m20s`, `5m0s`, `1.5s`,
 * `500ms`, `0s`. Kubelet messages embed durations this way.
 *
 * @example
 * ```ts
 * import { goDuration } from 'podkit/planners';
 * goDuration(300_000); // '5m0s'
 * ```
 */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  if (rest < SECOND) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const wholeSeconds = Math.floor(rest / SECOND);
  const millis = rest - wholeSeconds * SECOND;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0').replace(/0+$/, '')}`;
  const secondsText = `${wholeSeconds}${fraction}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${sign}${minutes}m${secondsText}`;
  return `${sign}${secondsText}`;
}
