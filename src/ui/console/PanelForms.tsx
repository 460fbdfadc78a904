import { useState } from 'react';
import type { ActionType } from '../../engine';
import { actionTestId } from '../actions/registry';
import { useLive } from '../store/live';
import { ROOM_PREFILL } from './actionState';
import { useActionLabel } from './ActionButton';
import { FormControl } from './SchemaForm';

/** A panel's forms that need no row or tab: each behind a disclosure button with the action's label. */
export function PanelForms({ types, badge }: { types: ActionType[]; badge?: Partial<Record<ActionType, string>> }) {
  const labelOf = useActionLabel();
  const room = useLive((s) => s.room);
  const products = useLive((s) => s.products);
  const [open, setOpen] = useState<ActionType | null>(null);
  if (types.length === 0) return null;
  return (
    <div className="panel-forms">
      {types.map((type) => (
        <div key={type} className="panel-forms__item">
          <button type="button" className="link-btn" aria-expanded={open === type} onClick={() => setOpen(open === type ? null : type)} data-testid={`open-${actionTestId(type)}`} data-opens={type}>
            {labelOf(type)}
            {badge?.[type] && ` (${badge[type]})`} {open === type ? '▴' : '▾'}
          </button>
          {open === type && <FormControl type={type} inline prefill={ROOM_PREFILL[type]?.({ room, products })} onDone={() => setOpen(null)} onCancel={() => setOpen(null)} />}
        </div>
      ))}
    </div>
  );
}
