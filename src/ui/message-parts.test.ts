import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import live from 'virtual:livesim-messages/live';
import notices from 'virtual:livesim-messages/notices';
import rehearsal from 'virtual:livesim-messages/rehearsal';
import screens from 'virtual:livesim-messages/screens';
import zhCN from './locales/zh-CN.json';
import { MESSAGE_PARTS, type MessagePart } from './message-parts';

type Messages = { [key: string]: unknown };
const isGroup = (v: unknown): v is Messages => typeof v === 'object' && v !== null && !Array.isArray(v);
const PARTS: Record<MessagePart, Messages> = { screens, notices, rehearsal };
const GROUPS: string[] = Object.values(MESSAGE_PARTS).flat();

function merged(a: Messages, b: Messages): Messages {
  const out: Messages = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isGroup(out[k]) && isGroup(v) ? merged(out[k], v) : v;
  return out;
}

function at(messages: Messages, dotted: string): unknown {
  let v: unknown = messages;
  for (const k of dotted.split('.')) v = isGroup(v) ? v[k] : undefined;
  return v;
}

/** The src/ui files a module imports statically (relative imports only), and theirs, each with its importers. */
function staticGraph(roots: string[]): Map<string, string[]> {
  const importers = new Map<string, string[]>();
  const resolve = (from: string, spec: string): string | null => {
    const base = path.resolve(path.dirname(from), spec);
    for (const f of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base]) if (existsSync(f) && /\.tsx?$/.test(f)) return f;
    return null;
  };
  const visit = (file: string, from: string | null) => {
    if (!file.includes(`${path.sep}src${path.sep}ui${path.sep}`)) return;
    const seen = importers.has(file);
    if (!seen) importers.set(file, []);
    if (from) importers.get(file)!.push(from);
    if (seen) return;
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
      const next = resolve(file, m[1]);
      if (next) visit(next, file);
    }
  };
  for (const r of roots) visit(path.resolve(r), null);
  return importers;
}

/** The console's notices, which the live room renders only through console/notices.tsx, once the `notices` part is there. */
const NOTICES = ['PlatformAlerts.tsx', 'Toasts.tsx', 'Hints.tsx', 'StorageBanner.tsx'].map((f) => path.resolve('src/ui/console', f));

describe('the Chinese messages in parts (vite.config.ts livesim-messages)', () => {
  it('add up to zh-CN.json, each listed group in its own part only', () => {
    expect(Object.keys(PARTS).sort()).toEqual(Object.keys(MESSAGE_PARTS).sort());
    expect(Object.values(PARTS).reduce(merged, live)).toEqual(zhCN);
    for (const [part, groups] of Object.entries(MESSAGE_PARTS) as [MessagePart, readonly string[]][]) {
      for (const group of groups) {
        expect(at(live, group), group).toBeUndefined();
        expect(at(PARTS[part], group), group).toEqual(at(zhCN, group));
      }
    }
  });

  it('no code the live room runs at first paint asks for a message the page does not have', () => {
    // The page, the live screen and the room's renderer, with what they import statically. Lazy
    // parts that load with their messages (i18n.ts withMessages) are not in it.
    const graph = staticGraph(['src/ui/main.tsx', 'src/ui/screens/Live.tsx', 'src/ui/room/renderer.ts']);
    expect(graph.size).toBeGreaterThan(30);
    for (const notice of NOTICES) expect(graph.get(notice)?.map((f) => path.basename(f)), notice).toEqual(['notices.tsx']);
    const asked: string[] = [];
    for (const file of graph.keys()) {
      const src = readFileSync(file, 'utf8');
      const groups = NOTICES.includes(file) ? GROUPS.filter((g) => !(MESSAGE_PARTS.notices as readonly string[]).includes(g)) : GROUPS;
      for (const group of groups) {
        const key = new RegExp(`[\`'"]${group.replace(/\./g, '\\.')}\\.[A-Za-z$]`);
        if (key.test(src)) asked.push(`${path.relative(process.cwd(), file)}: ${group}`);
      }
    }
    expect(asked).toEqual([]);
  });
});
