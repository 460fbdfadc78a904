import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clock } from '../format';
import { runPolicy } from '../params';
import { selectComment, setCommentFilter, useConsole, type CommentFilter } from '../store/console';
import { useLive } from '../store/live';
import { dispatch, useSession } from '../store/session';
import { NEGATIVE_KINDS, type CommentItem } from '../store/types';
import type { ActionType } from '../../engine';
import { actionsIn, actionTestId, commentPayload } from '../actions/registry';
import { formFields, formPayload, initialValues, type FormValues } from '../actions/forms';
import { ActionButton, useActionLabel } from './ActionButton';
import { FieldInput } from './fields';
import { PanelButtons } from './PanelButtons';
import { PanelForms } from './PanelForms';

const SHOWN = 100;
const NO_WORDS: string[] = [];

/** Current versions (answered, replied…) of the comments in a frozen view. */
function frozenLookup(comments: CommentItem[], frozen: CommentItem[] | null): Map<number, CommentItem> {
  const map = new Map<number, CommentItem>();
  if (!frozen || frozen.length === 0) return map;
  const from = frozen[0].id;
  for (const c of comments) if (c.id >= from) map.set(c.id, c);
  return map;
}

function matches(c: CommentItem, filter: CommentFilter): boolean {
  if (filter === 'questions') return c.kind === 'question';
  if (filter === 'negative') return NEGATIVE_KINDS.has(c.kind);
  return true;
}

/** 直播互动 panel: the comment stream with filters, reply, pin, mute, block, keyword filter and quick replies. */
export function CommentsPanel() {
  const { t } = useTranslation();
  const comments = useLive((s) => s.comments);
  const openQuestions = useLive((s) => s.openQuestions);
  const pinned = useLive((s) => s.room?.pinned ?? null);
  const mode = useSession((s) => s.mode);
  const hints = runPolicy(mode).hints;
  const filter = useConsole((s) => s.filter);
  const selected = useConsole((s) => s.selected);
  const listRef = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const [seenId, setSeenId] = useState<number | null>(null);
  /** While the student scrolls back to read, the list holds still (as 百应 does) and counts what is new. */
  const [frozenView, setFrozen] = useState<{ filter: CommentFilter; items: CommentItem[] } | null>(null);
  const frozen = frozenView && frozenView.filter === filter ? frozenView.items : null;

  const filtered = comments.filter((c) => matches(c, filter));
  const byId = frozenLookup(comments, frozen);
  const latest = filtered.length > SHOWN ? filtered.slice(-SHOWN) : filtered;
  const shown = frozen ? frozen.map((c) => byId.get(c.id) ?? c) : latest;
  const waitingIds = useLive((s) => s.waitingQuestions);
  const open = new Set(openQuestions);
  const waiting = new Set(hints ? waitingIds : []);
  const unseen = seenId === null ? 0 : filtered.filter((c) => c.id > seenId).length;
  const negatives = comments.filter((c) => NEGATIVE_KINDS.has(c.kind) && !c.hidden).length;

  // The list is laid out bottom-up (column-reverse, newest first in the DOM): it stays pinned to
  // the newest comment by itself, with no scroll position to set (and no layout to force) per update.
  const newestFirst = shown.slice().reverse();
  const labels = useRowLabels();

  const onScroll = () => {
    const el = listRef.current;
    if (!el) return;
    const atBottom = el.scrollTop > -24;
    if (atBottom !== stick.current) {
      stick.current = atBottom;
      setSeenId(atBottom ? null : (filtered[filtered.length - 1]?.id ?? null));
      setFrozen(atBottom ? null : { filter, items: latest });
    }
  };
  const jumpToNew = () => {
    const el = listRef.current;
    stick.current = true;
    setSeenId(null);
    setFrozen(null);
    if (el) el.scrollTop = 0;
  };

  return (
    <section className="panel console-panel comments" data-testid="comments-panel" aria-labelledby="comments-h">
      <div className="panel__head">
        <h2 id="comments-h">{t('console.comments.title')}</h2>
        <div className="tabs tabs--small" role="tablist">
          {(['all', 'questions', 'negative'] as const).map((f) => (
            <button key={f} type="button" role="tab" aria-selected={filter === f} className={filter === f ? 'tab tab--on' : 'tab'} onClick={() => setCommentFilter(f)} data-testid={`filter-${f}`}>
              {t(`console.comments.filter.${f}`)}
              {f === 'questions' && openQuestions.length > 0 && <span className="count">{openQuestions.length}</span>}
              {f === 'negative' && negatives > 0 && <span className="count count--muted">{negatives}</span>}
            </button>
          ))}
        </div>
      </div>
      {pinned && (
        <div className="pinned" data-testid="pinned-comment">
          <span className="pill pill--accent">{t('console.comments.pinned')}</span>
          <span className="pinned__text">
            <b>{pinned.user}</b>: {pinned.text}
          </span>
          <PanelButtons panel="comments" />
        </div>
      )}
      {!pinned && <PanelButtons panel="comments" />}
      <div className="comment-list-wrap">
        <ol className="comment-list" ref={listRef} onScroll={onScroll} data-testid="comment-list" aria-live="off">
          {newestFirst.map((c) => (
            <CommentRow key={c.id} c={c} selected={selected === c.id} open={open.has(c.id)} waiting={waiting.has(c.id)} labels={labels} />
          ))}
          {shown.length === 0 && <li className="muted empty-row">{t('console.comments.empty')}</li>}
        </ol>
        {unseen > 0 && (
          <button type="button" className="new-comments" onClick={jumpToNew} data-testid="new-comments">
            {t('console.comments.newN', { count: unseen })} ↓
          </button>
        )}
      </div>
      <SelectedActions />
      <ReplyBox />
      <CommentForms />
    </section>
  );
}

type RowLabels = Record<'question' | 'complaint' | 'troll' | 'muted' | 'filtered' | 'correct' | 'wrong' | 'expired' | 'waiting' | 'you', string>;

/** Row texts, translated once per list rather than once per row. */
function useRowLabels(): RowLabels {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      question: t('console.comments.kind.question'),
      complaint: t('console.comments.kind.complaint'),
      troll: t('console.comments.kind.troll'),
      muted: t('console.comments.hidden.muted'),
      filtered: t('console.comments.hidden.filtered'),
      correct: t('console.comments.answered.correct'),
      wrong: t('console.comments.answered.wrong'),
      expired: t('console.comments.expired'),
      waiting: t('console.comments.waiting'),
      you: t('console.comments.you'),
    }),
    [t],
  );
}

const CommentRow = memo(function CommentRow({ c, selected, open, waiting, labels }: { c: CommentItem; selected: boolean; open: boolean; waiting: boolean; labels: RowLabels }) {
  const cls = ['comment', `comment--${c.kind}`, selected ? 'comment--selected' : '', c.hidden ? 'comment--hidden' : '', waiting ? 'comment--waiting' : ''].join(' ');
  return (
    <li
      className={cls}
      data-testid="comment"
      data-comment={c.id}
      data-kind={c.kind}
      data-answered={c.answered ?? ''}
      onClick={() => c.id >= 0 && selectComment(selected ? null : c.id)}
      aria-selected={selected}
    >
      <span className="comment__time">{clock(c.t)}</span>
      <span className="comment__user">{c.user}</span>
      <span className="comment__text">{c.text}</span>
      <span className="comment__tags">
        {c.kind === 'question' && <span className="pill pill--q">{labels.question}</span>}
        {(c.kind === 'complaint' || c.kind === 'troll') && <span className="pill pill--bad">{labels[c.kind]}</span>}
        {c.hidden && <span className="pill">{labels[c.hidden]}</span>}
        {c.answered && (
          <span className={c.answered === 'correct' ? 'pill pill--ok' : 'pill pill--bad'} data-testid="answered-tag">
            {labels[c.answered]}
          </span>
        )}
        {c.expired && <span className="pill">{labels.expired}</span>}
        {open && waiting && <span className="pill pill--warn">{labels.waiting}</span>}
      </span>
      {c.reply && (
        <span className="comment__reply">
          ↳ {labels.you}: {c.reply}
        </span>
      )}
    </li>
  );
});

function useSelected(): CommentItem | null {
  const selected = useConsole((s) => s.selected);
  const comments = useLive((s) => s.comments);
  if (selected === null) return null;
  return comments.find((c) => c.id === selected) ?? null;
}

/** The panel's comment actions (control `comment`), in the engine's order: pin, mute, block… */
const COMMENT_ACTIONS = actionsIn('comments', 'comment');

function SelectedActions() {
  const { t } = useTranslation();
  const c = useSelected();
  if (!c) return null;
  return (
    <div className="selected-actions" data-testid="selected-actions">
      <span className="selected-actions__who">
        {t('console.comments.selected')} <b>{c.user}</b>
      </span>
      {COMMENT_ACTIONS.map((type) => (
        <CommentAction key={type} type={type} c={c} />
      ))}
    </div>
  );
}

/** One action on the selected comment; fields other than the comment or its author (how long to mute…) start from the schema's defaults. */
function CommentAction({ type, c }: { type: ActionType; c: CommentItem }) {
  const products = useLive((s) => s.products);
  const coupons = useLive((s) => s.coupons);
  const target = commentPayload(type, c);
  const extra = formFields(type, target ?? {}).filter((f) => f.kind !== 'product' && f.kind !== 'products' && f.kind !== 'coupon');
  const [values, setValues] = useState<FormValues>(() => initialValues(extra, { products, coupons }));
  const tid = actionTestId(type);
  const button = <ActionButton type={type} payload={{ ...formPayload(extra, values), ...(target ?? {}) }} disabled={!target} />;
  if (extra.length === 0) return button;
  return (
    <span className="inline-group">
      {extra.map((f) => (
        <FieldInput key={f.name} type={type} spec={f} value={values[f.name] ?? ''} onChange={(v) => setValues((prev) => ({ ...prev, [f.name]: v }))} products={products} coupons={coupons} testId={`${tid}-${f.name}`} compact />
      ))}
      {button}
    </span>
  );
}

function ReplyBox() {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const c = useSelected();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const focusReply = useConsole((s) => s.focusReply);
  useEffect(() => {
    if (focusReply > 0) input.current?.focus();
  }, [focusReply]);
  const quick = t('console.comments.quickReplies', { returnObjects: true }) as unknown;
  const quickList = Array.isArray(quick) ? (quick as string[]) : [];
  const send = () => {
    if (!c || !text.trim()) return;
    dispatch({ type: 'reply_comment', comment: c.id, text: text.trim() });
    setText('');
  };
  return (
    <div className="reply-box" data-testid="reply-box">
      <form
        className="reply-box__row"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <input
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={c ? t('console.comments.replyTo', { user: c.user }) : t('console.comments.selectFirst')}
          disabled={!c}
          data-testid="reply-input"
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
        />
        <button type="submit" className="btn btn--small btn--primary" disabled={!c || !text.trim()} data-testid="reply-send">
          {labelOf('reply_comment')}
        </button>
      </form>
      <div className="quick-replies" aria-label={t('console.comments.quick')}>
        {quickList.map((q) => (
          <button key={q} type="button" className="chip" disabled={!c} onClick={() => setText(q)}>
            {q}
          </button>
        ))}
      </div>
    </div>
  );
}

/** The panel's forms (the keyword filter…), each behind a disclosure; a form that replaces a setting starts from it. */
const COMMENT_FORMS = actionsIn('comments', 'form');

function CommentForms() {
  const words = useLive((s) => s.room?.filterWords ?? NO_WORDS);
  return (
    <div className="keyword-filter" data-testid="keyword-filter">
      <PanelForms types={COMMENT_FORMS} badge={{ set_keyword_filter: String(words.length) }} />
    </div>
  );
}
