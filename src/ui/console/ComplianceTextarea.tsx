import { useMemo, useRef, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCompliance, type ComplianceClass, type ComplianceFinding } from '../../engine';
import { pick } from '../format';
import { runPolicy } from '../params';
import { useLive } from '../store/live';
import { useSession } from '../store/session';
import { useExplain } from './useExplain';

/**
 * A textarea that, in practice mode, highlights banned or risky terms as they are typed
 * (the engine's own compliance checker, with the product class of what is being sold)
 * and lists why each one is a problem. In exam mode it is a plain textarea. The reasons
 * load with the first finding (useExplain); until then each finding shows its category.
 */
export function ComplianceTextarea({
  value,
  onChange,
  rows = 2,
  placeholder,
  testId,
  maxChars,
  onKeyDown,
  inputRef,
  interim,
}: {
  value: string;
  onChange: (v: string) => void;
  rows?: number;
  placeholder?: string;
  testId?: string;
  maxChars?: number;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
  inputRef?: Ref<HTMLTextAreaElement>;
  /** Speech-recognition text not yet final, shown greyed after the value. */
  interim?: string;
}) {
  const { t, i18n } = useTranslation();
  const mode = useSession((s) => s.mode);
  const scenario = useSession((s) => s.run?.scenario);
  const explaining = useLive((s) => s.products.find((p) => p.explaining)?.id);
  const hints = runPolicy(mode).hints;
  const cls: ComplianceClass | undefined = scenario ? (scenario.products.find((p) => p.id === explaining) ?? scenario.products[0])?.class : undefined;
  const findings = useMemo(() => (hints && value.trim() ? checkCompliance(value, cls ? { complianceClass: cls } : undefined) : []), [hints, value, cls]);
  const explain = useExplain(findings.length > 0);
  const backdrop = useRef<HTMLDivElement>(null);
  const over = maxChars !== undefined && value.length > maxChars;

  return (
    <div className="hl-wrap">
      <div className="hl">
        <div className="hl__backdrop" ref={backdrop} aria-hidden="true">
          {renderMarks(value, findings)}
          {interim && <span className="hl__interim">{interim}</span>}
          {'\n'}
        </div>
        <textarea
          ref={inputRef}
          className="hl__input"
          rows={rows}
          value={value}
          placeholder={interim ? undefined : placeholder}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop;
          }}
          data-testid={testId}
          aria-invalid={findings.length > 0 || over}
        />
      </div>
      {(findings.length > 0 || maxChars !== undefined) && (
        <div className="hl__foot">
          {findings.length > 0 && (
            <ul className="hl__findings" data-testid="compliance-findings">
              {findings.map((f, i) => {
                const x = explain?.explainFinding(f);
                return (
                  <li key={i} className={`sev sev--${f.severity}`}>
                    <mark>{f.text}</mark> {t(`compliance.${f.category}`, { defaultValue: f.category })}
                    {x && `: ${pick(x.reason, i18n.language)}`}
                    {x?.suggestion && <span className="muted"> · {t('compliance.suggest')}{pick(x.suggestion, i18n.language)}</span>}
                  </li>
                );
              })}
            </ul>
          )}
          {maxChars !== undefined && <span className={over ? 'form-error small' : 'muted small'}>{`${value.length}/${maxChars}`}</span>}
        </div>
      )}
    </div>
  );
}

function renderMarks(text: string, findings: ComplianceFinding[]) {
  if (findings.length === 0) return text;
  const spans = [...findings].sort((a, b) => a.start - b.start);
  const out: (string | React.JSX.Element)[] = [];
  let at = 0;
  spans.forEach((f, i) => {
    if (f.start < at) return; // overlapping findings: the first one is marked
    out.push(text.slice(at, f.start));
    out.push(
      <mark key={i} className={`sev--${f.severity}`}>
        {text.slice(f.start, f.end)}
      </mark>,
    );
    at = f.end;
  });
  out.push(text.slice(at));
  return out;
}
