import type { ConsolePanel } from '../../engine';
import { actionsIn } from '../actions/registry';
import { useLive } from '../store/live';
import { offer, PANEL_OFFER } from './actionState';
import { ActionButton } from './ActionButton';

/** A panel's plain buttons (control `button`), in the engine's order, each while it applies. */
export function PanelButtons({ panel }: { panel: ConsolePanel }) {
  const room = useLive((s) => s.room);
  const products = useLive((s) => s.products);
  const shown = actionsIn(panel, 'button').filter((type) => offer(PANEL_OFFER, type, { room, products }) !== 'hidden');
  if (shown.length === 0) return null;
  return (
    <span className="btn-row panel-buttons" data-testid={`${panel}-buttons`}>
      {shown.map((type) => (
        <ActionButton key={type} type={type} disabled={offer(PANEL_OFFER, type, { room, products }) === 'disabled'} />
      ))}
    </span>
  );
}
