import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { money, percent } from '../format';
import { useLive } from '../store/live';
import type { MetricSample } from '../store/types';

const WINDOW = 60; // samples (5 s each): the last five minutes

type Key = 'online' | 'uv' | 'gmv' | 'orders' | 'conversion' | 'commentRate';
const TILES: { key: Key; format: (v: number) => string }[] = [
  { key: 'online', format: (v) => String(v) },
  { key: 'uv', format: (v) => String(v) },
  { key: 'gmv', format: (v) => `¥${money(v)}` },
  { key: 'orders', format: (v) => String(v) },
  { key: 'conversion', format: (v) => percent(v) },
  { key: 'commentRate', format: (v) => String(v) },
];

/** 实时数据: online, UV, GMV, orders, conversion and comments per minute, each with a small trend line. */
export function MetricsPanel() {
  const { t } = useTranslation();
  const m = useLive((s) => s.metrics);
  const series = useLive((s) => s.series);
  const recent = series.length > WINDOW ? series.slice(-WINDOW) : series;
  const last = series[series.length - 1];
  const value = (k: Key): number => {
    if (!m) return 0;
    if (k === 'commentRate') return last?.commentRate ?? 0;
    return m[k];
  };
  return (
    <section className="panel console-panel metrics" data-testid="metrics-panel" aria-label={t('console.metrics.title')}>
      {TILES.map(({ key, format }) => (
        <div className="metric" key={key} data-testid={`metric-${key}`} data-value={value(key)}>
          <span className="metric__label">{t(`console.metrics.${key}`)}</span>
          <span className="metric__value">{format(value(key))}</span>
          <Sparkline samples={recent} k={key} />
        </div>
      ))}
    </section>
  );
}

const Sparkline = memo(function Sparkline({ samples, k }: { samples: MetricSample[]; k: Key }) {
  if (samples.length < 2) return <svg className="spark" viewBox="0 0 100 24" aria-hidden="true" />;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of samples) {
    lo = Math.min(lo, s[k]);
    hi = Math.max(hi, s[k]);
  }
  if (hi === lo) hi = lo + 1;
  const pts = samples.map((s, i) => `${((i / (samples.length - 1)) * 100).toFixed(1)},${(22 - ((s[k] - lo) / (hi - lo)) * 20).toFixed(1)}`).join(' ');
  return (
    <svg className="spark" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
      <polyline points={pts} fill="none" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
    </svg>
  );
});
