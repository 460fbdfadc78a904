/**
 * A new exam: title; a shipped scenario or the teacher's own YAML (checked by the hub first, every
 * problem shown as `file:line:col message`) with its time limit, or a level template (src/hub/templates.ts)
 * with a shipped scenario for each part (a part no shipped scenario fits shows "no scenario yet", and
 * such a template cannot be chosen); pass mark, seed policy, language and an optional window; whether
 * students must use Safe Exam Browser. The hub checks the body again (createExamBody); its field
 * errors land next to the fields they name.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScenarioIssue } from '../../../engine';
import { EXAM_TEMPLATES, examTemplate, fits, totalFormula, type ExamTemplate } from '../../../hub/templates';
import { api, detailIssues, fieldErrors, HubRequestError, issueLine, type CreateExam as Body, type ScenarioCheck, type ShippedScenario } from './api';
import './parts.css';
import { ErrorLine, errorText, TeacherLink, useLang } from './common';
import { goTeacher } from './route';

type Upload = { fileName: string; yaml: string; check: ScenarioCheck | null; error: string | null };
type Summary = { title: { zh: string; en: string }; durationSec: number; level: string; language: 'zh' | 'en' };

/** The scenario's length rounded up to minutes, and two more to get going. */
export const defaultTimeLimit = (durationSec: number) => Math.ceil(durationSec / 60) + 2;

/** A datetime-local value as ms since 1970 (the page's time zone); undefined when empty or invalid. */
export function localToMs(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

export function CreateExam() {
  const { t } = useTranslation();
  const lang = useLang();
  const [shipped, setShipped] = useState<ShippedScenario[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<'single' | 'template'>('single');
  const [templateId, setTemplateId] = useState('');
  /** The scenario chosen for each part, per template (kept when the teacher looks at another template). */
  const [partChoice, setPartChoice] = useState<Record<string, string[]>>({});
  const [source, setSource] = useState<'shipped' | 'upload'>('shipped');
  const [scenarioId, setScenarioId] = useState('');
  const [upload, setUpload] = useState<Upload | null>(null);
  const [timeLimit, setTimeLimit] = useState<string | null>(null); // null: follow the scenario
  const [passMark, setPassMark] = useState('60');
  const [seedPolicy, setSeedPolicy] = useState<'per-student' | 'shared'>('per-student');
  const [seed, setSeed] = useState('');
  const [language, setLanguage] = useState<'zh' | 'en' | null>(null); // null: the scenario's
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [requireSeb, setRequireSeb] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [issues, setIssues] = useState<ScenarioIssue[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.scenarios().then(
      (r) => {
        if (cancelled) return;
        setShipped(r.scenarios);
        setScenarioId((id) => id || (r.scenarios[0]?.id ?? ''));
      },
      (e: unknown) => !cancelled && setLoadError(errorText(e, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [t]);

  // Each template's parts with the shipped scenarios that fit them; a template is usable when every part has one.
  const fitting = useMemo(() => new Map(EXAM_TEMPLATES.map((tp) => [tp.id, tp.parts.map((p) => (shipped ?? []).filter((s) => fits(tp, p, s)))])), [shipped]);
  const usable = (id: string) => !!fitting.get(id)?.every((list) => list.length > 0);
  const templateValue = templateId && usable(templateId) ? templateId : (EXAM_TEMPLATES.find((tp) => usable(tp.id))?.id ?? '');
  const template = kind === 'template' ? examTemplate(templateValue) : undefined;
  const partScenarios = template ? template.parts.map((_, i) => partChoice[template.id]?.[i] ?? defaultPartScenario(fitting.get(template.id)![i], template.parts[i].minutes)) : [];

  const shippedChoice = kind === 'template' ? shipped?.find((s) => s.id === partScenarios[0]) : shipped?.find((s) => s.id === scenarioId);
  const checked = upload?.check;
  const chosen: Summary | null = kind === 'template' || source === 'shipped' ? (shippedChoice ? toSummary(shippedChoice) : null) : checked?.ok ? checked.scenario : null;
  const limitValue = timeLimit ?? (chosen ? String(defaultTimeLimit(chosen.durationSec)) : '');
  const languageValue = language ?? chosen?.language ?? 'zh';

  const readFile = async (file: File) => {
    setIssues(null);
    let yaml: string;
    try {
      yaml = await file.text();
    } catch (e) {
      setUpload({ fileName: file.name, yaml: '', check: null, error: errorText(e, t) });
      return;
    }
    setUpload({ fileName: file.name, yaml, check: null, error: null });
    try {
      const check = await api.checkScenario(yaml, file.name);
      setUpload({ fileName: file.name, yaml, check, error: null });
    } catch (e) {
      setUpload({ fileName: file.name, yaml, check: null, error: errorText(e, t) });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string[]> = {};
    const num = (v: string) => (v.trim() === '' ? NaN : Number(v));
    if (kind === 'template') {
      if (!template || partScenarios.some((id) => !id)) local.template = [t('teacher.create.pickTemplate')];
    } else {
      if (source === 'shipped' && !scenarioId) local.scenario = [t('teacher.create.pickScenario')];
      if (source === 'upload' && !upload?.yaml) local.scenario = [t('teacher.create.pickFile')];
      if (!Number.isFinite(num(limitValue))) local.timeLimitMin = [t('teacher.create.needNumber')];
    }
    if (!Number.isFinite(num(passMark))) local.passMark = [t('teacher.create.needNumber')];
    if (seedPolicy === 'shared' && seed.trim() !== '' && !Number.isInteger(num(seed))) local.seed = [t('teacher.create.needWhole')];
    if (opensAt && localToMs(opensAt) === undefined) local.opensAt = [t('teacher.create.badDate')];
    if (closesAt && localToMs(closesAt) === undefined) local.closesAt = [t('teacher.create.badDate')];
    setErrors(local);
    setIssues(null);
    if (Object.keys(local).length > 0) return;
    const body: Body = {
      title,
      ...(kind === 'template' && template
        ? { template: { id: template.id, parts: partScenarios.map((id) => ({ scenario: { shipped: id } })) } }
        : { scenario: source === 'shipped' ? { shipped: scenarioId } : { yaml: upload!.yaml, fileName: upload!.fileName }, timeLimitMin: num(limitValue) }),
      passMark: num(passMark),
      seedPolicy,
      ...(seedPolicy === 'shared' && seed.trim() !== '' ? { seed: num(seed) } : {}),
      language: languageValue,
      ...(opensAt ? { opensAt: localToMs(opensAt) } : {}),
      ...(closesAt ? { closesAt: localToMs(closesAt) } : {}),
      ...(requireSeb ? { requireSeb: true } : {}),
    };
    setBusy(true);
    api.createExam(body).then(
      (r) => goTeacher({ view: 'exam', exam: r.exam.id }, true),
      (err: unknown) => {
        setBusy(false);
        const list = detailIssues(err);
        const where = kind === 'template' ? 'template' : 'scenario';
        if (list) {
          setIssues(list);
          setErrors({ [where]: [errorText(err, t)] });
        } else if (err instanceof HubRequestError && err.status === 400) setErrors(fieldErrors(err.message));
        else if (err instanceof HubRequestError && err.status === 422) setErrors({ [where]: [err.message] });
        else setErrors({ body: [errorText(err, t)] });
      },
    );
  };

  /** A field's error goes once the teacher changes the field. */
  const edited = (name: string) =>
    setErrors((e) => {
      if (!(name in e)) return e;
      const rest = { ...e };
      delete rest[name];
      return rest;
    });

  const fieldError = (name: string) =>
    errors[name]?.length ? (
      <span className="form-error" role="alert" data-testid={`create-error-${name}`}>
        {errors[name].join('; ')}
      </span>
    ) : null;

  return (
    <section className="screen teacher-create" data-testid="create-exam">
      <div className="list-heading">
        <h2>{t('teacher.create.title')}</h2>
        <TeacherLink to={{ view: 'list' }} className="btn btn--small btn--ghost" testId="create-back">
          ← {t('teacher.exams.title')}
        </TeacherLink>
      </div>
      <form className="panel teacher-form teacher-form--wide" onSubmit={submit} noValidate>
        <label className="field">
          {t('teacher.create.examTitle')}
          <input value={title} onChange={(e) => {
              setTitle(e.target.value);
              edited('title');
            }} maxLength={80} placeholder={t('teacher.create.examTitlePlaceholder')} aria-invalid={!!errors.title} data-testid="create-title" />
          {fieldError('title')}
        </label>

        <fieldset className="teacher-fieldset">
          <legend>{t('teacher.create.kind')}</legend>
          <div className="btn-row">
            <label className="radio">
              <input type="radio" name="kind" checked={kind === 'single'} onChange={() => setKind('single')} data-testid="create-kind-single" /> {t('teacher.create.kindSingle')}
            </label>
            <label className="radio">
              <input type="radio" name="kind" checked={kind === 'template'} onChange={() => setKind('template')} data-testid="create-kind-template" /> {t('teacher.create.kindTemplate')}
            </label>
          </div>
        </fieldset>

        {kind === 'template' && (
          <fieldset className="teacher-fieldset" data-testid="create-template-fieldset">
            <legend>{t('teacher.create.template')}</legend>
            <ErrorLine error={loadError} testId="create-scenarios-error" />
            {!shipped && !loadError && <p className="loading">{t('common.loading')}</p>}
            {shipped && (
              <TemplatePicker
                templateId={templateValue}
                fitting={fitting}
                scenarios={partScenarios}
                onTemplate={(id) => {
                  setTemplateId(id);
                  edited('template');
                }}
                onScenario={(i, id) => {
                  if (!template) return;
                  const next = [...partScenarios];
                  next[i] = id;
                  setPartChoice({ ...partChoice, [template.id]: next });
                  edited('template');
                }}
              />
            )}
            {fieldError('template')}
            {issues && <IssueList issues={issues} testId="create-issues" />}
          </fieldset>
        )}

        {kind === 'single' && (
        <fieldset className="teacher-fieldset">
          <legend>{t('teacher.create.scenario')}</legend>
          <div className="btn-row">
            <label className="radio">
              <input type="radio" name="source" checked={source === 'shipped'} onChange={() => setSource('shipped')} data-testid="create-source-shipped" /> {t('teacher.create.shipped')}
            </label>
            <label className="radio">
              <input type="radio" name="source" checked={source === 'upload'} onChange={() => setSource('upload')} data-testid="create-source-upload" /> {t('teacher.create.upload')}
            </label>
          </div>
          {source === 'shipped' ? (
            <>
              <ErrorLine error={loadError} testId="create-scenarios-error" />
              {!shipped && !loadError && <p className="loading">{t('common.loading')}</p>}
              {shipped && (
                <select className="teacher-select" value={scenarioId} onChange={(e) => {
                    setScenarioId(e.target.value);
                    edited('scenario');
                  }} data-testid="create-scenario">
                  {shipped.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.title[lang] || s.title.zh} · {t('teacher.minutes', { count: Math.round(s.durationSec / 60) })} · {t(`level.${s.level}`, { defaultValue: s.level })}
                    </option>
                  ))}
                </select>
              )}
            </>
          ) : (
            <>
              <input type="file" accept=".yaml,.yml,text/yaml" onChange={(e) => e.target.files?.[0] && void readFile(e.target.files[0])} data-testid="create-file" />
              {upload && <UploadResult upload={upload} />}
            </>
          )}
          {chosen && (
            <p className="small" data-testid="create-scenario-summary">
              <b>{chosen.title[lang] || chosen.title.zh}</b>
              <span className="muted">
                {' '}
                · {t('teacher.minutes', { count: Math.round(chosen.durationSec / 60) })} · {t(`level.${chosen.level}`, { defaultValue: chosen.level })} · {t(`teacher.language.${chosen.language}`)}
              </span>
            </p>
          )}
          {fieldError('scenario')}
          {issues && <IssueList issues={issues} testId="create-issues" />}
        </fieldset>
        )}

        <div className="teacher-form__row">
          {kind === 'single' && (
          <label className="field">
            {t('teacher.create.timeLimit')}
            <input type="number" min={1} max={240} step={1} value={limitValue} onChange={(e) => {
              setTimeLimit(e.target.value);
              edited('timeLimitMin');
            }} aria-invalid={!!errors.timeLimitMin} data-testid="create-time-limit" />
            {fieldError('timeLimitMin')}
          </label>
          )}
          <label className="field">
            {kind === 'template' ? t('teacher.create.passMarkTotal') : t('teacher.create.passMark')}
            <input type="number" min={0} max={100} step={1} value={passMark} onChange={(e) => {
              setPassMark(e.target.value);
              edited('passMark');
            }} aria-invalid={!!errors.passMark} data-testid="create-pass-mark" />
            {fieldError('passMark')}
          </label>
          <label className="field">
            {t('teacher.create.language')}
            <select value={languageValue} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'zh')} data-testid="create-language">
              <option value="zh">{t('teacher.language.zh')}</option>
              <option value="en">{t('teacher.language.en')}</option>
            </select>
            {fieldError('language')}
          </label>
        </div>

        <fieldset className="teacher-fieldset">
          <legend>{t('teacher.create.seedPolicy')}</legend>
          <label className="radio">
            <input type="radio" name="seedPolicy" checked={seedPolicy === 'per-student'} onChange={() => setSeedPolicy('per-student')} data-testid="create-seed-per-student" /> {t('teacher.create.perStudent')}
          </label>
          <label className="radio">
            <input type="radio" name="seedPolicy" checked={seedPolicy === 'shared'} onChange={() => setSeedPolicy('shared')} data-testid="create-seed-shared" /> {t('teacher.create.shared')}
          </label>
          {seedPolicy === 'shared' && (
            <label className="field teacher-seed">
              {t('teacher.create.seed')}
              <input type="number" min={0} step={1} value={seed} onChange={(e) => {
              setSeed(e.target.value);
              edited('seed');
            }} placeholder={t('teacher.create.seedPlaceholder')} aria-invalid={!!errors.seed} data-testid="create-seed" />
            </label>
          )}
          {fieldError('seed')}
          {fieldError('seedPolicy')}
        </fieldset>

        <div className="teacher-form__row">
          <label className="field">
            {t('teacher.create.opensAt')}
            <input type="datetime-local" value={opensAt} onChange={(e) => {
              setOpensAt(e.target.value);
              edited('opensAt');
            }} aria-invalid={!!errors.opensAt} data-testid="create-opens-at" />
            {fieldError('opensAt')}
          </label>
          <label className="field">
            {t('teacher.create.closesAt')}
            <input type="datetime-local" value={closesAt} onChange={(e) => {
              setClosesAt(e.target.value);
              edited('closesAt');
            }} aria-invalid={!!errors.closesAt} data-testid="create-closes-at" />
            {fieldError('closesAt')}
          </label>
        </div>
        <p className="muted small">{t('teacher.create.windowNote')}</p>

        <div>
          <label className="radio">
            <input type="checkbox" checked={requireSeb} onChange={(e) => setRequireSeb(e.target.checked)} data-testid="create-require-seb" /> {t('teacher.create.requireSeb')}
          </label>
          <p className="muted small">{t('teacher.create.requireSebNote')}</p>
          {fieldError('requireSeb')}
        </div>

        {fieldError('body')}
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="create-exam-submit">
            {busy ? t('teacher.working') : t('teacher.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A part's default scenario: an exam-mode one first, then the one whose length is nearest the part's minutes. */
function defaultPartScenario(list: ShippedScenario[] | undefined, minutes: number): string {
  if (!list?.length) return '';
  const score = (s: ShippedScenario) => (s.mode === 'exam' ? 0 : 1_000_000) + Math.abs(s.durationSec - minutes * 60);
  return [...list].sort((a, b) => score(a) - score(b))[0].id;
}

/** The template select (a template with a part no shipped scenario fits cannot be chosen) and the chosen template's parts, each with its scenario. */
function TemplatePicker({ templateId, fitting, scenarios, onTemplate, onScenario }: { templateId: string; fitting: Map<string, ShippedScenario[][]>; scenarios: string[]; onTemplate: (id: string) => void; onScenario: (part: number, id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tpl: ExamTemplate | undefined = examTemplate(templateId);
  const lists = fitting.get(templateId) ?? [];
  return (
    <>
      <select className="teacher-select" value={templateId} onChange={(e) => onTemplate(e.target.value)} data-testid="create-template">
        {!templateId && <option value="">—</option>}
        {EXAM_TEMPLATES.map((tp) => {
          const missing = tp.parts.filter((_, i) => !fitting.get(tp.id)?.[i]?.length);
          return (
            <option key={tp.id} value={tp.id} disabled={missing.length > 0} data-template={tp.id}>
              {tp.title[lang]}
              {missing.length > 0 ? t('teacher.create.templateMissing', { parts: missing.map((p) => `${p.unit} ${p.title[lang]}`).join(lang === 'zh' ? '、' : ', ') }) : ''}
            </option>
          );
        })}
      </select>
      {tpl && (
        <div className="template-summary" data-testid="create-template-summary" data-template={tpl.id}>
          <p className="small">
            <span className="muted">{t('teacher.create.source')}</span>
            {tpl.source[lang]}
          </p>
          <p className="small template-summary__note" data-testid="create-template-note">
            {tpl.note[lang]}
          </p>
          <table className="teacher-table template-parts" data-testid="create-template-parts">
            <caption className="small">{t('teacher.create.partsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('teacher.create.partNo')}
                </th>
                <th scope="col">{t('teacher.create.partUnit')}</th>
                <th scope="col">{t('teacher.create.partTask')}</th>
                <th scope="col" className="num">
                  {t('teacher.create.partMinutes')}
                </th>
                <th scope="col" className="num">
                  {t('teacher.create.partWeight')}
                </th>
                <th scope="col">{t('teacher.create.partScenario')}</th>
              </tr>
            </thead>
            <tbody>
              {tpl.parts.map((p, i) => (
                <tr key={p.unit} data-testid="create-part" data-unit={p.unit} data-kind={p.kind}>
                  <td className="num">{i + 1}</td>
                  <td className="nowrap">
                    {p.unit} {p.title[lang]}
                  </td>
                  <td className="nowrap">{t(`teacher.task.${p.kind}`)}</td>
                  <td className="num nowrap">{t('teacher.minutes', { count: p.minutes })}</td>
                  <td className="num">{p.weight}</td>
                  <td>
                    {lists[i]?.length ? (
                      <select className="teacher-select template-parts__select" value={scenarios[i]} onChange={(e) => onScenario(i, e.target.value)} data-testid="create-part-scenario" data-part={i + 1}>
                        {lists[i].map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.title[lang] || s.title.zh} · {t('teacher.minutes', { count: Math.round(s.durationSec / 60) })}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="pill pill--warn" data-testid="create-part-none">
                        {t('teacher.create.noScenarioYet')}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small" data-testid="create-template-formula">
            {t('teacher.create.formula', { formula: totalFormula(tpl.parts) })}
          </p>
          <p className="muted small">{t('teacher.create.partsNote')}</p>
        </div>
      )}
    </>
  );
}

function toSummary(s: ShippedScenario): Summary {
  return { title: s.title, durationSec: s.durationSec, level: s.level, language: s.language === 'en' ? 'en' : 'zh' };
}

function UploadResult({ upload }: { upload: Upload }) {
  const { t } = useTranslation();
  if (upload.error) return <ErrorLine error={upload.error} testId="create-check-error" />;
  if (!upload.check) return <p className="loading">{t('teacher.create.checking', { file: upload.fileName })}</p>;
  if (!upload.check.ok) {
    return (
      <div data-testid="create-check-failed">
        <p className="form-error">{t('teacher.create.invalid', { file: upload.fileName, count: upload.check.errors.length })}</p>
        <IssueList issues={upload.check.errors} testId="create-check-errors" />
      </div>
    );
  }
  return (
    <div data-testid="create-check-ok">
      <p className="small">
        <span className="pill pill--ok">{t('teacher.create.valid')}</span> <code>{upload.fileName}</code> · <code>{upload.check.scenario.id}</code>
      </p>
      {upload.check.warnings.length > 0 && (
        <>
          <p className="small">{t('teacher.create.warnings', { count: upload.check.warnings.length })}</p>
          <IssueList issues={upload.check.warnings} testId="create-check-warnings" warn />
        </>
      )}
    </div>
  );
}

export function IssueList({ issues, testId, warn = false }: { issues: ScenarioIssue[]; testId: string; warn?: boolean }) {
  return (
    <ul className={warn ? 'issue-list issue-list--warn' : 'issue-list'} data-testid={testId}>
      {issues.map((i, n) => (
        <li key={n} data-testid="scenario-issue">
          <code>{issueLine(i)}</code>
        </li>
      ))}
    </ul>
  );
}
