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
  error: string | null;
  start(): void;
  stop(): void;
}

/** Dictation: final phrases are passed to `onFinal` (appended to the draft); interim words are exposed for display. */
export function useSpeechInput(lang: string, onFinal: (text: string) => void): SpeechInput {
  const [listening, setListening] = useState(false);
  const [interim, setInterim] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rec = useRef<Recognition | null>(null);
  const finalRef = useRef(onFinal);
  useEffect(() => {
    finalRef.current = onFinal;
  }, [onFinal]);
  useEffect(() => () => rec.current?.abort(), []);

  const start = () => {
    const Ctor = recognitionCtor();
    if (!Ctor || rec.current) return;
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
    r.onerror = (e) => setError(e.error);
    r.onend = () => {
      rec.current = null;
      setListening(false);
      setInterim('');
    };
    rec.current = r;
    setError(null);
    try {
      r.start();
      setListening(true);
    } catch (err) {
      rec.current = null;
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const stop = () => rec.current?.stop();
  return { supported: speechRecognitionSupported(), listening, interim, error, start, stop };
}
