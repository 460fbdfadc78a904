/**
 * 脚本合规审查: paste or type a script, see the findings highlighted in it with their reasons and
 * suggestions, accept a fix with one click (or all of them), check stock and price claims against
 * a shipped scenario's products, export the cleaned script and the findings. Everything runs in
 * the page (the same checker as `npm run livesim -- lint`); the draft is kept in localStorage.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { factSheetOf, type FactSheet } from '../../engine';
import { applyReplacements, lintScript, type ScriptFinding } from '../../engine';
import type { ComplianceClass } from '../../engine';
import { pick } from '../format';
import { loadScenario, loadShippedScenarios } from '../scenarios';
import { HighlightedEditor } from '../scriptcheck/HighlightedEditor';
import { closeScriptCheck } from '../scriptcheck/route';
import { loadDraft, loadScenarioChoice, saveDraft, saveScenarioChoice } from '../scriptcheck/draft';
import { downloadText as download } from '../download';
import { findingsCsv, findingsJson } from '../scriptcheck/exporting';
import { SAMPLE_SCRIPT } from '../scriptcheck/sample';
import '../scriptcheck/scriptcheck.css';

interface Facts {
  id: string;
  sheet: FactSheet;
  cls: ComplianceClass | null;
}

export default function ScriptCheckScreen() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const tr = (b: { zh: string; en: string }) => (en ? b.en : b.zh);

  const [text, setText] = useState<string>(() => loadDraft() ?? SAMPLE_SCRIPT);
  const [saved, setSaved] = useState(true);
  const [scenarioId, setScenarioId] = useState<string>(() => loadScenarioChoice());
  const [loaded, setLoaded] = useState<Facts | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const facts = loaded !== null && loaded.id === scenarioId ? loaded : null;

  const scenarios = useMemo(() => loadShippedScenarios().flatMap((e) => (e.result.ok ? [e.result.summary] : [])), []);

  /** Every change of the text is saved at once: a reload or a crash loses nothing. */
  const update = (next: string) => {
    setText(next);
    setSaved(saveDraft(next));
  };
  const chooseScenario = (id: string) => {
    setScenarioId(id);
    saveScenarioChoice(id);
  };

  useEffect(() => {
    if (!scenarioId) return;
    let live = true;
    void loadScenario(scenarioId).then((s) => {
      if (!live) return;
      if (!s) {
        chooseScenario(''); // a remembered scenario that no longer ships
        return;
      }
      const classes = new Set(s.products.map((p) => p.class));
      setLoaded({ id: s.meta.id, sheet: factSheetOf(s), cls: classes.size === 1 ? ([...classes][0] as ComplianceClass) : null });
    });
    return () => {
      live = false;
    };
  }, [scenarioId]);

  const checked = useDeferredValue(text);
  const report = useMemo(
    () => lintScript(checked, { facts: facts?.sheet ?? null, scenarioId: facts?.id ?? null, ...(facts?.cls ? { complianceClass: facts.cls } : {}) }),
    [checked, facts],
  );
  const stale = checked !== text;
  const fixable = report.findings.filter((f) => f.replacement !== undefined);
  const s = report.summary;

  const accept = (f: ScriptFinding) => {
    if (f.replacement === undefined || stale) return;
    update(applyReplacements(text, [{ offset: f.offset, endOffset: f.endOffset, replacement: f.replacement }]));
    setActive(null);
  };
  const acceptAll = () => {
    if (stale) return;
    update(applyReplacements(text, fixable.map((f) => ({ offset: f.offset, endOffset: f.endOffset, replacement: f.replacement! }))));
    setActive(null);
  };
  const select = (i: number) => {
    setActive(i);
    const f = report.findings[i];
    const el = editor.current;
    if (!f || !el) return;
    el.focus();
    el.setSelectionRange(f.offset, f.endOffset);
  };

  const fixLabel = (f: ScriptFinding) => (f.replacement === '' ? t('scriptcheck.delete') : t('scriptcheck.replaceWith', { text: f.replacement }));

  return (
    <section className="sc-page" data-testid="scriptcheck" aria-labelledby="sc-heading">
      <div className="sc-head">
        <h2 id="sc-heading">{t('scriptcheck.title')}</h2>
        <button type="button" className="sc-btn" onClick={closeScriptCheck} data-testid="sc-back">
          {t('scriptcheck.back')}
        </button>
      </div>
      <p className="sc-intro">{t('scriptcheck.intro')}</p>

      <div className="sc-toolbar">
        <label>
          <span>{t('scriptcheck.scenario')}</span>
          <select value={scenarioId} onChange={(e) => chooseScenario(e.target.value)} data-testid="sc-scenario">
            <option value="">{t('scriptcheck.noScenario')}</option>
            {scenarios.map((m) => (
              <option key={m.id} value={m.id}>
                {pick(m.title, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="sc-btn sc-btn--primary" disabled={fixable.length === 0 || stale} onClick={acceptAll} data-testid="sc-accept-all">
          {t('scriptcheck.acceptAll', { count: fixable.length })}
        </button>
        <button type="button" className="sc-btn" onClick={() => download(t('scriptcheck.fileScript'), text, 'text/plain;charset=utf-8')} data-testid="sc-export-txt">
          {t('scriptcheck.exportText')}
        </button>
        <button type="button" className="sc-btn" onClick={() => download('findings.csv', findingsCsv(report.findings), 'text/csv;charset=utf-8')} data-testid="sc-export-csv">
          {t('scriptcheck.exportCsv')}
        </button>
        <button type="button" className="sc-btn" onClick={() => download('findings.json', findingsJson(report), 'application/json')} data-testid="sc-export-json">
          {t('scriptcheck.exportJson')}
        </button>
        <span className="sc-status" data-testid="sc-saved">
          {saved ? t('scriptcheck.saved') : t('scriptcheck.notSaved')}
        </span>
      </div>

      <div className={`sc-summary ${s.passed ? 'sc-summary--ok' : 'sc-summary--bad'}`} data-testid="sc-summary" data-passed={s.passed} data-findings={s.findings}>
        <span className="sc-verdict">{s.passed ? t('scriptcheck.passed') : t('scriptcheck.failed', { count: s.blocking })}</span>
        <span>{t('scriptcheck.counts', { severe: s.bySeverity['3'], major: s.bySeverity['2'], minor: s.bySeverity['1'] })}</span>
        {facts ? (
          <span>{t('scriptcheck.factsChecked', { contradicted: s.contradictedFacts, confirmed: s.confirmedFacts })}</span>
        ) : (
          s.needsFacts > 0 && <span>{t('scriptcheck.needsFacts', { count: s.needsFacts })}</span>
        )}
        <span className="sc-status">{t('scriptcheck.gate')}</span>
      </div>

      <div className="sc-grid">
        <HighlightedEditor ref={editor} text={text} findings={stale ? [] : report.findings} active={active} placeholder={t('scriptcheck.placeholder')} label={t('scriptcheck.editorLabel')} onChange={update} />
        <div>
          {report.findings.length === 0 ? (
            <p className="sc-empty" data-testid="sc-none">
              {text.trim() === '' ? t('scriptcheck.emptyText') : t('scriptcheck.none')}
            </p>
          ) : (
            <ol className="sc-list" data-testid="sc-findings" aria-label={t('scriptcheck.findings')}>
              {report.findings.map((f, i) => (
                <li
                  key={`${f.offset}-${f.ruleId}`}
                  className={`sc-item sc-item--s${f.severity}${f.factStatus === 'unverified' ? ' sc-item--facts' : ''}${active === i ? ' sc-item--active' : ''}`}
                  data-testid="sc-finding"
                  data-category={f.category}
                  data-rule={f.ruleId}
                  onClick={() => select(i)}
                  onMouseEnter={() => setActive(i)}
                >
                  <div className="sc-item__top">
                    <span className="sc-item__quote">“{f.text}”</span>
                    <span className="sc-item__meta">
                      {t('scriptcheck.where', { line: f.line })} · {t(`scriptcheck.severity.${f.severity}`)} · {t(`scriptcheck.category.${f.category}`)}
                      {f.factStatus === 'unverified' && ` · ${t('scriptcheck.needsFactsTag')}`}
                    </span>
                  </div>
                  <p>{tr(f.reason)}</p>
                  {f.suggestion && (
                    <p>
                      <strong>{t('scriptcheck.suggestion')}</strong>
                      {tr(f.suggestion)}
                    </p>
                  )}
                  <p className="sc-item__rule" title={f.source}>
                    {f.rule}
                  </p>
                  {f.replacement !== undefined && (
                    <div className="sc-item__actions">
                      <button
                        type="button"
                        className="sc-btn sc-btn--small"
                        disabled={stale}
                        data-testid="sc-accept"
                        onClick={(e) => {
                          e.stopPropagation();
                          accept(f);
                        }}
                      >
                        {fixLabel(f)}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ol>
          )}
          {report.notes.length > 0 && (
            <details className="sc-notes" data-testid="sc-notes">
              <summary>{t('scriptcheck.notes', { count: report.notes.length })}</summary>
              <ul>
                {report.notes.map((n) => (
                  <li key={`${n.offset}-${n.ruleId}`} data-kind={n.kind}>
                    “{n.text}” — {tr(n.reason)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </div>
    </section>
  );
}
