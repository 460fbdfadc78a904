/** A drill item's chart (data review): one line per series over the x axis (minutes). */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DrillItem } from '../../drills';
import { pick } from '../format';

const COLORS = ['#b4432f', '#2f6fb4', '#3a8f5a', '#8a5ab4'];

export function DrillChart({ chart, lang }: { chart: NonNullable<DrillItem['chart']>; lang: string }) {
  const n = Math.max(0, ...chart.series.map((s) => s.values.length));
  const data = Array.from({ length: n }, (_, i) => Object.fromEntries([['x', i + 1], ...chart.series.map((s, k) => [`s${k}`, s.values[i] ?? null])]));
  return (
    <div className="drill__chart" data-testid="drill-chart">
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e6e1da" />
          <XAxis dataKey="x" label={{ value: pick(chart.x, lang), position: 'insideBottomRight', offset: -2, fontSize: 11 }} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={44} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {chart.series.map((s, k) => (
            <Line key={k} type="monotone" dataKey={`s${k}`} name={pick(s.name, lang)} stroke={COLORS[k % COLORS.length]} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
