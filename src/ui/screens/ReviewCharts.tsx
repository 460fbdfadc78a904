import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { clock } from '../format';
import { useLive } from '../store/live';

/** Review charts (recharts, in their own chunk): online viewers and GMV over the run, incidents marked. */
export default function ReviewCharts() {
  const { t } = useTranslation();
  const series = useLive((s) => s.series);
  const incidents = useLive((s) => s.incidents);
  if (series.length < 2) return null;
  const data = series.map((s) => ({ t: s.t, online: s.online, gmv: s.gmv, orders: s.orders }));
  return (
    <section className="panel" data-testid="review-charts">
      <h3>{t('end.charts')}</h3>
      <div className="chart">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#e2e0da" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => clock(v)} fontSize={11} />
            <YAxis yAxisId="left" fontSize={11} allowDecimals={false} />
            <YAxis yAxisId="right" orientation="right" fontSize={11} />
            <Tooltip labelFormatter={(v) => clock(Number(v))} />
            <Legend />
            {incidents.map((inc) => (
              <ReferenceLine key={inc.id} x={inc.startedAt} yAxisId="left" stroke="#a8322a" strokeDasharray="4 2" label={{ value: t(`incident.kind.${inc.kind}`), fontSize: 10, fill: '#a8322a', position: 'insideTopLeft' }} />
            ))}
            <Line yAxisId="left" type="monotone" dataKey="online" name={t('console.metrics.online')} stroke="#2b6cb0" dot={false} isAnimationActive={false} />
            <Line yAxisId="right" type="stepAfter" dataKey="gmv" name={t('console.metrics.gmv')} stroke="#b4432f" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
