import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clock, pick } from '../format';
import { useSpeechInput } from '../speech/recognition';
import { useConsole } from '../store/console';
import { useLive } from '../store/live';
import { dispatch, useSession } from '../store/session';
import { useActionLabel } from './ActionButton';
import { ComplianceTextarea } from './ComplianceTextarea';
import { useExplain } from './useExplain';
import { Icon } from '../Icon';

/**
 * 讲话: the host's speech. Typing always works (Enter sends, Shift+Enter for a new line);
 * the microphone button dictates into the box for correction before sending.
 * In the controller seat the scripted host speaks and this box is not offered.
 */
export function TalkBox() {
  const { t, i18n } = useTranslation();
  const labelOf = useActionLabel();
  const seat = useSession((s) => s.run?.scenario.meta.seat ?? 'host');
  const speech = useLive((s) => s.speech);
  const [text, setText] = useState('');
  const [fromVoice, setFromVoice] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const focusTalk = useConsole((s) => s.focusTalk);
  useEffect(() => {
    if (focusTalk > 0) input.current?.focus();
  }, [focusTalk]);
  const onFinal = useCallback((heard: string) => {
    setText((prev) => (prev ? `${prev}${heard}` : heard));
    setFromVoice(true);
  }, []);
  const mic = useSpeechInput(i18n.language, onFinal);

  const send = () => {
    const v = text.trim();
    if (!v) return;
    dispatch({ type: 'say', text: v, source: fromVoice ? 'voice' : 'typed' });
    setText('');
    setFromVoice(false);
  };
  const recent = speech.slice(-3);
  // The pills' tooltips give the reason once explain.ts has loaded (the category until then).
  const explain = useExplain(recent.some((s) => s.violations.length > 0));

  return (
    <section className="panel console-panel talk" data-testid="talk-box" aria-labelledby="talk-h">
      <div className="panel__head">
        <h2 id="talk-h">{seat === 'host' ? t('console.talk.title') : t('console.talk.hostTitle')}</h2>
        {seat === 'host' && mic.supported && !mic.unavailable && (
          <button
            type="button"
            className={mic.listening ? 'btn btn--small btn--danger' : 'btn btn--small'}
            onClick={mic.listening ? mic.stop : mic.start}
            data-testid="mic-button"
            aria-pressed={mic.listening}
          >
            <Icon name={mic.listening ? 'stop' : 'mic'} /> {mic.listening ? t('console.talk.stopMic') : t('console.talk.startMic')}
          </button>
        )}
      </div>
      <ol className="speech-log" data-testid="speech-log">
        {recent.length === 0 && <li className="muted">{seat === 'host' ? t('console.talk.nothingYet') : t('console.talk.hostSilent')}</li>}
        {recent.map((s) => (
          <li key={s.id} className={s.heard ? '' : 'speech-log__unheard'}>
            <span className="comment__time">{clock(s.t)}</span> {s.text}
            {!s.heard && <span className="pill pill--bad">{t('console.talk.notHeard')}</span>}
            {s.violations.map((v, i) => (
              <span key={i} className="pill pill--bad" title={explain ? pick(explain.explainFinding(v).reason, i18n.language) : t(`compliance.${v.category}`, { defaultValue: v.category })}>
                {t(`compliance.${v.category}`, { defaultValue: v.category })}「{v.text}」
              </span>
            ))}
          </li>
        ))}
      </ol>
      {seat === 'host' && (
        <>
          <ComplianceTextarea
            value={text}
            onChange={(v) => {
              setText(v);
              if (!v) setFromVoice(false);
            }}
            rows={2}
            placeholder={t('console.talk.placeholder')}
            testId="talk-input"
            inputRef={input}
            interim={mic.interim}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                send();
              } else if (e.key === 'Escape') e.currentTarget.blur();
            }}
          />
          <div className="talk__foot">
            <span className="muted small" data-testid="talk-note" data-voice={mic.unavailable ?? (mic.supported ? 'ok' : 'unsupported')}>
              {mic.unavailable
                ? t(`console.talk.voice.${mic.unavailable}`)
                : mic.hiccup
                  ? t('console.talk.voice.noSpeech')
                  : fromVoice
                    ? t('console.talk.checkTranscript')
                    : mic.supported
                      ? t('console.talk.enterToSend')
                      : t('console.talk.voice.unsupported')}
            </span>
            <button type="button" className="btn btn--small btn--primary" onClick={send} disabled={!text.trim()} data-testid="talk-send">
              {labelOf('say')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
