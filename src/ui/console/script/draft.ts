/**
 * The rehearsal script as the student writes it (the draft), kept in localStorage per scenario and
 * seed as it is typed, and turned into the `submit_script` payload. A draft is plain data: one
 * entry per part in the flow's order, one line per team seat, the planned console steps by name.
 */
import { LIVE_FORMATS, SCRIPT_PARTS, TEAM_SEATS, TEAM_STRUCTURES, type LiveFormat, type ScriptCue, type ScriptPart, type TeamSeat, type TeamStructure } from '../../../engine';

export interface DraftPart {
  part: ScriptPart;
  sec: number;
  text: string;
  /** One line per seat (empty: none). */
  team: Partial<Record<TeamSeat, string>>;
  cues: ScriptCue[];
}

export interface Draft {
  format: LiveFormat;
  parts: DraftPart[];
  structure: TeamStructure;
  duties: Partial<Record<'host' | TeamSeat, string>>;
  analysis: string;
}

/** What the panel asks for at each level (seed 004 2-1: 五级 single-product script; 四级 team script and flow; 三级 + roles, analysis). */
export interface ScriptNeeds {
  team: boolean;
  duties: boolean;
}

export function needsOf(level: string): ScriptNeeds {
  return { team: level === 'imkt-l4' || level === 'imkt-l3', duties: level === 'imkt-l3' };
}

const DEFAULT_SHARE: Record<ScriptPart, number> = { opening: 0.1, fab: 0.35, price: 0.2, close: 0.2, ending: 0.1 };

/** A new draft whose parts fill about 95 % of the rehearsal slot. */
export function emptyDraft(slotSec: number): Draft {
  return {
    format: 'demo',
    parts: SCRIPT_PARTS.map((part) => ({ part, sec: Math.max(10, Math.round((slotSec * DEFAULT_SHARE[part]) / 5) * 5), text: '', team: {}, cues: [] })),
    structure: 'standard',
    duties: {},
    analysis: '',
  };
}

export const draftKey = (scenario: string, seed: number) => `livesim.rehearsal.draft.${scenario}.${seed}`;

const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** The stored draft, with anything missing or malformed put back to its default (a hand-edited or old entry never breaks the panel). */
export function loadDraft(key: string, slotSec: number): Draft {
  const fresh = emptyDraft(slotSec);
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return fresh;
    const d = JSON.parse(raw) as Partial<Draft> | null;
    if (!d || typeof d !== 'object') return fresh;
    const parts: DraftPart[] = [];
    for (const p of Array.isArray(d.parts) ? d.parts : []) {
      if (!p || !(SCRIPT_PARTS as readonly string[]).includes(p.part) || parts.some((x) => x.part === p.part)) continue;
      const team: DraftPart['team'] = {};
      for (const seat of TEAM_SEATS) if (typeof p.team?.[seat] === 'string') team[seat] = p.team[seat];
      parts.push({ part: p.part, sec: typeof p.sec === 'number' && Number.isFinite(p.sec) ? p.sec : fresh.parts.find((x) => x.part === p.part)!.sec, text: str(p.text), team, cues: Array.isArray(p.cues) ? p.cues.filter((c): c is ScriptCue => typeof c === 'string') : [] });
    }
    for (const p of fresh.parts) if (!parts.some((x) => x.part === p.part)) parts.push(p);
    const duties: Draft['duties'] = {};
    for (const seat of ['host', ...TEAM_SEATS] as const) if (typeof d.duties?.[seat] === 'string') duties[seat] = d.duties[seat];
    return {
      format: (LIVE_FORMATS as readonly string[]).includes(d.format as string) ? (d.format as LiveFormat) : fresh.format,
      parts,
      structure: typeof d.structure === 'string' && d.structure in TEAM_STRUCTURES ? d.structure : fresh.structure,
      duties,
      analysis: str(d.analysis),
    };
  } catch {
    return fresh;
  }
}

/** Keep the draft; false when the browser refused (full or unavailable storage). */
export function saveDraft(key: string, d: Draft): boolean {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(d));
    return true;
  } catch {
    return false;
  }
}

/** The seats of the chosen structure besides the host. */
export const seatsOf = (d: Draft): readonly TeamSeat[] => TEAM_STRUCTURES[d.structure];

/** The `submit_script` payload for the draft (fields the level does not ask for are left out). */
export function payloadOf(d: Draft, needs: ScriptNeeds, ctx: { product: string; coupon?: string; analysis: boolean }) {
  const seats = seatsOf(d);
  return {
    format: d.format,
    parts: d.parts.map((p) => ({
      part: p.part,
      sec: p.sec,
      text: p.text.trim(),
      ...(needs.team
        ? {
            team: seats.flatMap((seat) => (p.team[seat]?.trim() ? [{ seat, text: p.team[seat]!.trim() }] : [])),
            cues: p.cues.map((action) => ({ action, ...(action === 'issue_coupon' ? (ctx.coupon ? { coupon: ctx.coupon } : {}) : action === 'start_explaining' || action === 'show_card' || action === 'start_flash_sale' ? { product: ctx.product } : {}) })),
          }
        : {}),
    })),
    ...(needs.team ? { structure: d.structure } : {}),
    ...(needs.duties ? { duties: (['host', ...seats] as const).flatMap((seat) => (d.duties[seat]?.trim() ? [{ seat, text: d.duties[seat]!.trim() }] : [])) } : {}),
    ...(ctx.analysis && d.analysis.trim() ? { analysis: d.analysis.trim() } : {}),
  };
}
