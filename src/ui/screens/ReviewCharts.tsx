/**
 * Review charts (recharts, their own chunk): online viewers with arrivals and departures per
 * minute; GMV with orders and comments per minute. Under them, one marker per host action,
 * incident and compliance finding: hovering (or focusing) a marker says what happened,
 * clicking opens the replay at that moment.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SimEvent } from '../../engine';
import { actionLabel } from '../../engine';
import { clock, pick } from '../format';
import { markers, rollingSeries, type Marker } from '../review/analysis';

const AXIS_W = 48;
const MARGIN = { top: 8, right: 0, bottom: 4, left: 0 };

export function useMarkerText(): (m: Marker) => string {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (m) => {
    const what =
      m.kind === 'action'
        ? actionLabel(m.what, en ? 'en' : 'zh')
        : m.kind === 'incident'
          ? t(`incident.kind.${m.what}`, { defaultValue: m.what })
          : t(`compliance.${m.what}`, { defaultValue: m.what });
    const detail = m.detail === undefined ? '' : typeof m.detail === 'string' ? `「${m.detail}」` : pick(m.detail, i18n.language);
    return `${clock(m.t)} ${t(`review.marker.${m.kind}`)}: ${what}${detail ? ` — ${detail}` : ''}`;
  };
}

export interface ReviewChartsProps {
  log: readonly SimEvent[];
  endMs: number;
  onMoment?: (t: number, event?: number) => void;
}

export default function ReviewCharts({ log, endMs, onMoment }: ReviewChartsProps) {
  const { t } = useTranslation();
  const data = useMemo(() => rollingSeries(log, endMs), [log, endMs]);
  const marks = useMemo(() => markers(log), [log]);
  const text = useMarkerText();
  const [hover, setHover] = useState<Marker | null>(null);
  if (data.length < 2) return null;
  const strong = marks.filter((m) => m.kind !== 'action');
  const xAxis = <XAxis dataKey="t" type="number" domain={[0, endMs]} tickFormatter={(v: number) => clock(v)} fontSize={11} />;
  const refLines = strong.map((m) => (
    <ReferenceLine key={`${m.kind}-${m.event}`} x={m.t} yAxisId="left" stroke={m.kind === 'incident' ? '#a8322a' : '#b7791f'} strokeDasharray="4 2" />
  ));
  return (
    <section className="panel review-charts" data-testid="review-charts">
      <h3>{t('end.charts')}</h3>
      <h4 className="small">{t('review.chart.viewers')}</h4>
      <div className="chart">
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={data} margin={MARGIN} syncId="review">
            <CartesianGrid stroke="#e2e0da" strokeDasharray="3 3" />
            {xAxis}
            <YAxis yAxisId="left" width={AXIS_W} fontSize={11} allowDecimals={false} />
            <YAxis yAxisId="right" orientation="right" width={AXIS_W} fontSize={11} allowDecimals={false} />
            <Tooltip labelFormatter={(v) => clock(Number(v))} />
            <Legend />
            {refLines}
            <Line yAxisId="left" type="monotone" dataKey="online" name={t('review.series.online')} stroke="#2b6cb0" dot={false} isAnimationActive={false} />
            <Line yAxisId="right" type="monotone" dataKey="arrivals" name={t('review.series.arrivals')} stroke="#2f855a" dot={false} isAnimationActive={false} />
            <Line yAxisId="right" type="monotone" dataKey="departures" name={t('review.series.departures')} stroke="#9b2c2c" strokeDasharray="5 3" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="marker-track" style={{ marginLeft: AXIS_W, marginRight: AXIS_W }} data-testid="marker-track" onMouseLeave={() => setHover(null)}>
        {marks.map((m) => (
          <button
            key={`${m.kind}-${m.event}`}
            type="button"
            className={`marker marker--${m.kind}`}
            style={{ left: `${(Math.min(m.t, endMs) / endMs) * 100}%` }}
            data-testid="marker"
            data-kind={m.kind}
            data-t={m.t}
            aria-label={text(m)}
            title={text(m)}
            onMouseEnter={() => setHover(m)}
            onFocus={() => setHover(m)}
            onClick={() => onMoment?.(m.t, m.event)}
          />
        ))}
      </div>
      <p className="marker-info small" data-testid="marker-info" aria-live="polite">
        {hover ? text(hover) : t('review.markerHelp', { actions: marks.length - strong.length, incidents: marks.filter((m) => m.kind === 'incident').length, violations: marks.filter((m) => m.kind === 'violation').length })}
      </p>
      <h4 className="small">{t('review.chart.sales')}</h4>
      <div className="chart">
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={data} margin={MARGIN} syncId="review">
            <CartesianGrid stroke="#e2e0da" strokeDasharray="3 3" />
            {xAxis}
            <YAxis yAxisId="left" width={AXIS_W} fontSize={11} />
            <YAxis yAxisId="right" orientation="right" width={AXIS_W} fontSize={11} allowDecimals={false} />
            <Tooltip labelFormatter={(v) => clock(Number(v))} />
            <Legend />
            {refLines}
            <Line yAxisId="left" type="stepAfter" dataKey="gmv" name={t('review.series.gmv')} stroke="#b4432f" dot={false} isAnimationActive={false} />
            <Line yAxisId="right" type="monotone" dataKey="orders" name={t('review.series.orders')} stroke="#6b46c1" dot={false} isAnimationActive={false} />
            <Line yAxisId="right" type="monotone" dataKey="comments" name={t('review.series.comments')} stroke="#718096" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
