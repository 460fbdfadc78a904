/**
 * The browser's speech recognition (Web Speech API), where it exists. The transcript is
 * never sent by itself: it lands in the talk box for the student to correct, then they send it.
 */
import { useEffect, useRef, useState } from 'react';

interface RecognitionResult {
  isFinal: boolean;
  0: { transcript: string };
}
interface RecognitionEvent {
  resultIndex: number;
  results: ArrayLike<RecognitionResult>;
}
interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  start(): void;
  stop(): void;
  abort(): void;
  onresult: ((e: RecognitionEvent) => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
}
type RecognitionCtor = new () => Recognition;

function recognitionCtor(): RecognitionCtor | null {
  const w = globalThis as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

export function speechRecognitionSupported(): boolean {
  return recognitionCtor() !== null;
}

export interface SpeechInput {
  supported: boolean;
  listening: boolean;
  /** Words heard but not final yet. */
  interim: string;
  /**
   * Why voice input cannot be used in this page any more, as one word (no-microphone, blocked,
   * offline, unavailable): set by the first error that trying again would not cure, and never
   * cleared, so the student is told once and types from then on. Null while it may work.
   */
  unavailable: VoiceUnavailable | null;
  /** A passing problem (nothing heard): try again. */
  hiccup: boolean;
  start(): void;
  stop(): void;
}

export type VoiceUnavailable = 'no-microphone' | 'blocked' | 'offline' | 'unavailable';

/** What a recognition error means for the student (the Web Speech API's error codes). */
export function voiceErrorKind(code: string): VoiceUnavailable | 'hiccup' | null {
  switch (code) {
    case 'aborted':
      return null; // stopped by the page or the student
    case 'no-speech':
      return 'hiccup';
    case 'audio-capture':
      return 'no-microphone';
    case 'not-allowed':
    case 'service-not-allowed':
      return 'blocked';
    case 'network':
      return 'offline';
    default:
      return 'unavailable';
  }
}

/** Dictation: final phrases are passed to `onFinal` (appended to the draft); interim words are exposed for display. */
export function useSpeechInput(lang: string, onFinal: (text: string) => void): SpeechInput {
  const [listening, setListening] = useState(false);
  const [interim, setInterim] = useState('');
  const [unavailable, setUnavailable] = useState<VoiceUnavailable | null>(null);
  const [hiccup, setHiccup] = useState(false);
  const rec = useRef<Recognition | null>(null);
  const finalRef = useRef(onFinal);
  useEffect(() => {
    finalRef.current = onFinal;
  }, [onFinal]);
  useEffect(() => () => rec.current?.abort(), []);

  const start = () => {
    const Ctor = recognitionCtor();
    if (!Ctor || rec.current || unavailable) return;
    // The browsers' recognisers are online services: offline, say so rather than fail later.
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      setUnavailable('offline');
      return;
    }
    const r = new Ctor();
    r.lang = lang.startsWith('en') ? 'en-US' : 'zh-CN';
    r.continuous = true;
    r.interimResults = true;
    r.onresult = (e) => {
      let partial = '';
      for (let i = e.resultIndex; i < e.results.length; i++) {
        const res = e.results[i];
        if (res.isFinal) finalRef.current(res[0].transcript);
        else partial += res[0].transcript;
      }
      setInterim(partial);
    };
    r.onerror = (e) => {
      const kind = voiceErrorKind(e.error);
      if (kind === 'hiccup') setHiccup(true);
      else if (kind) setUnavailable(kind);
    };
    r.onend = () => {
      rec.current = null;
      setListening(false);
      setInterim('');
    };
    rec.current = r;
    setHiccup(false);
    try {
      r.start();
      setListening(true);
    } catch {
      rec.current = null;
      setUnavailable('unavailable');
    }
  };
  const stop = () => rec.current?.stop();
  return { supported: speechRecognitionSupported(), listening, interim, unavailable, hiccup, start, stop };
}
