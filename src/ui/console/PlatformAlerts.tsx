/**
 * Platform alerts: a warning from the platform and a cut in recommended traffic show in the
 * console the moment they happen, with the reason and, for a cut, how far and for how long traffic
 * is cut (as real consoles alert on violations and traffic drops; docs/ui.md). A cut stays up until
 * it ends; a warning for a minute of the run. Non-blocking: nothing waits for them.
 */
import { useTranslation } from 'react-i18next';
import { clock, pick } from '../format';
import { useLive, useSimSecond, type PlatformAlert } from '../store/live';
import './platform-alerts.css';

/** How long a warning stays on screen, sim ms. */
const WARNING_SHOWN_MS = 60000;

/** The engine's fixed reasons, by locale key. */
const REASONS: Record<string, string> = {
  'false original price': 'alert.reason.falsePrice',
  'unanswered quality complaints (舆情 risk)': 'alert.reason.complaints',
  'repeated warnings': 'alert.reason.repeated',
  'warning not acted on': 'alert.reason.ignored',
  'steering buyers off the platform': 'alert.reason.offPlatform',
};
const CATEGORIES = ['absolute', 'off_platform', 'medical_claim', 'false_scarcity', 'false_price', 'inducement', 'insult', 'other'];

/** The reason in the UI language: the scenario's own words for its incident, a violation's category and words, or a fixed reason. */
function useReason(): (a: PlatformAlert) => string {
  const { t, i18n } = useTranslation();
  const incidents = useLive((s) => s.incidents);
  return (a) => {
    const inc = a.incident ? incidents.find((x) => x.id === a.incident) : undefined;
    if (inc && inc.kind === 'platform_warning') return pick(inc.message, i18n.language);
    const key = REASONS[a.reason];
    if (key) return t(key);
    if (inc) return t('alert.reason.incident', { incident: t(`incident.kind.${inc.kind}`) });
    const m = /^([a-z_]+): (.*)$/s.exec(a.reason);
    if (m && CATEGORIES.includes(m[1])) return t('alert.reason.violation', { category: t(`compliance.${m[1]}`), words: m[2] });
    return a.reason;
  };
}

export function PlatformAlerts() {
  const { t } = useTranslation();
  const alerts = useLive((s) => s.alerts);
  const now = useSimSecond() * 1000;
  const reason = useReason();
  // The cut in force now (the longest), and the warnings of the last minute, newest first.
  const cut = alerts.filter((a) => a.kind === 'penalty' && (a.untilMs ?? 0) > now).sort((a, b) => (b.untilMs ?? 0) - (a.untilMs ?? 0))[0];
  const warnings = alerts.filter((a) => a.kind === 'warning' && now - a.t < WARNING_SHOWN_MS).reverse();
  if (!cut && warnings.length === 0) return null;
  const total = alerts.filter((a) => a.kind === 'warning').length;
  return (
    <div className="platform-alerts" data-testid="platform-alerts" role="alert">
      {cut && (
        <div className="platform-alert platform-alert--penalty" data-testid="platform-penalty" data-key={cut.key}>
          <b>{t('alert.penaltyTitle')}</b>
          <span>{t('alert.penalty', { pct: Math.round((cut.factor ?? 1) * 100), left: clock(Math.max(0, (cut.untilMs ?? 0) - now)), until: clock(cut.untilMs ?? 0) })}</span>
          <span className="platform-alert__reason">{t('alert.because', { reason: reason(cut) })}</span>
        </div>
      )}
      {warnings.map((a) => (
        <div key={a.key} className="platform-alert platform-alert--warning" data-testid="platform-warning" data-key={a.key}>
          <b>{t('alert.warningTitle', { n: total })}</b>
          <span>{clock(a.t)}</span>
          <span className="platform-alert__reason">{reason(a)}</span>
        </div>
      ))}
    </div>
  );
}
