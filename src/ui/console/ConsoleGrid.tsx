/**
 * The console's three columns around the live room, shared by the live screen and the replay so
 * that a panel added to one is in the other. The replay leaves out what only matters while live
 * (the run of show the student steers, practice hints) and makes the whole grid read-only.
 */
import type { HTMLAttributes } from 'react';
import { LiveRoom } from '../room/LiveRoom';
import { CommentsPanel } from './CommentsPanel';
import { IncidentsPanel } from './IncidentsPanel';
import { MarketingPanel } from './MarketingPanel';
import { MetricsPanel } from './MetricsPanel';
import { HintsNotice } from './notices';
import { ProductsPanel } from './ProductsPanel';
import { RehearsalScript } from './RehearsalScript';
import { RunOfShowPanel } from './RunOfShowPanel';
import { TalkBox } from './TalkBox';

export function ConsoleGrid({ live, ...rest }: { live: boolean } & HTMLAttributes<HTMLDivElement> & { inert?: boolean }) {
  return (
    <div className="live__grid" {...rest}>
      <div className="live__col live__left">
        <RehearsalScript readOnly={!live} />
        {live && <RunOfShowPanel />}
        <ProductsPanel />
        <MarketingPanel />
      </div>
      <div className="live__col live__center">
        <LiveRoom />
        <TalkBox />
      </div>
      <div className="live__col live__right">
        <MetricsPanel />
        <IncidentsPanel />
        {live && <HintsNotice />}
        <CommentsPanel />
      </div>
    </div>
  );
}
