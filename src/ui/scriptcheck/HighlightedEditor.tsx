/**
 * A textarea with the findings highlighted behind the text: a backdrop with the same font,
 * padding and wrapping draws <mark>s where the findings are, and follows the textarea's scroll.
 */
import { forwardRef, useRef, type ReactNode } from 'react';
import type { ScriptFinding } from '../../engine';

interface Props {
  text: string;
  findings: readonly ScriptFinding[];
  active: number | null;
  placeholder: string;
  label: string;
  onChange(text: string): void;
}

function segments(text: string, findings: readonly ScriptFinding[], active: number | null): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  findings.forEach((f, i) => {
    if (f.offset < at) return; // overlapping findings (two categories on the same words): one mark
    if (f.offset > at) out.push(text.slice(at, f.offset));
    out.push(
      <mark key={i} className={`sc-mark sc-mark--s${f.severity}${f.factStatus === 'unverified' ? ' sc-mark--facts' : ''}${active === i ? ' sc-mark--active' : ''}`}>
        {text.slice(f.offset, f.endOffset)}
      </mark>,
    );
    at = f.endOffset;
  });
  out.push(text.slice(at));
  // A trailing newline needs a character after it to take up a line, as in the textarea.
  out.push('\u200b');
  return out;
}

export const HighlightedEditor = forwardRef<HTMLTextAreaElement, Props>(function HighlightedEditor({ text, findings, active, placeholder, label, onChange }, ref) {
  const backdrop = useRef<HTMLDivElement>(null);
  return (
    <div className="sc-editor">
      <div className="sc-editor__backdrop" ref={backdrop} aria-hidden="true" data-testid="sc-highlights">
        {segments(text, findings, active)}
      </div>
      <textarea
        ref={ref}
        className="sc-editor__input"
        value={text}
        spellCheck={false}
        placeholder={placeholder}
        aria-label={label}
        data-testid="sc-input"
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (backdrop.current) {
            backdrop.current.scrollTop = e.currentTarget.scrollTop;
            backdrop.current.scrollLeft = e.currentTarget.scrollLeft;
          }
        }}
      />
    </div>
  );
});
