/**
 * The gradebook as CSV for Excel and WPS: UTF-8 with a byte-order mark (else Excel reads the
 * Chinese as GBK), CRLF line ends, one row per attempt, one column per criterion, then the total,
 * pass/fail and the flags. A template exam has one row per student instead: a column per part (its
 * score), the weighted total (its header gives the formula), pass/fail, the flags and notes of every
 * part. A cell that starts like a formula (= + - @, tab, CR) is prefixed with an apostrophe so that
 * a student named "=HYPERLINK(…)" stays text.
 */
import type { Gradebook } from './hub';
import { flagText, statusText } from './words';

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function gradebookCsv(book: Gradebook): string {
  if (book.exam.template && book.students) return templateCsv(book);
  const zh = book.exam.language === 'zh';
  const head = zh ? ['学号', '姓名', '班级', '第几次', '状态'] : ['Student no.', 'Name', 'Class', 'Attempt', 'Status'];
  const crit = book.criteria.map((c) => `${zh ? c.title.zh : c.title.en} (${c.max})`);
  const tail = zh ? ['总分', '是否通过', '复盘测验', '原始总分（重新评分前）', '标记', '备注'] : ['Total', 'Passed', 'Review quiz', 'Original total (before re-grade)', 'Flags', 'Note'];
  const lines = [[...head, ...crit, ...tail].map(cell).join(',')];
  for (const r of book.rows) {
    const g = r.grade;
    const points = book.criteria.map((c) => (g ? (g.points[c.id] ?? '') : ''));
    const passed = g ? (g.passed ? (zh ? '通过' : 'pass') : zh ? '未通过' : 'fail') : '';
    const flags = r.flags.map((f) => flagText(f, book.exam.language)).join('; ');
    lines.push([r.studentNo, r.name, r.className, r.number, statusText(r.status, book.exam.language), ...points, g?.total ?? '', passed, g?.review ?? '', r.original?.total ?? '', flags, r.note ?? ''].map(cell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** A template exam: one row per student, a column per part and the weighted total. */
function templateCsv(book: Gradebook): string {
  const lang = book.exam.language;
  const zh = lang === 'zh';
  const t = book.exam.template!;
  const head = zh ? ['学号', '姓名', '班级'] : ['Student no.', 'Name', 'Class'];
  const partCols = t.parts.map((p) => (zh ? `${p.unit} ${p.title.zh}（权重 ${p.weight}）` : `${p.unit} ${p.title.en} (weight ${p.weight})`));
  const tail = zh ? [`加权总分 = ${t.formula}`, '是否通过', '标记', '备注'] : [`Weighted total = ${t.formula}`, 'Passed', 'Flags', 'Note'];
  const lines = [[...head, ...partCols, ...tail].map(cell).join(',')];
  const unitOf = new Map(t.parts.map((p) => [p.index, p.unit]));
  for (const s of book.students!) {
    const rows = book.rows.filter((r) => r.studentNo === s.studentNo);
    const scores = s.parts.map((p) => p?.score ?? '');
    const passed = s.passed === null ? '' : s.passed ? (zh ? '通过' : 'pass') : zh ? '未通过' : 'fail';
    const flags = rows.flatMap((r) => r.flags.map((f) => `${unitOf.get(r.part ?? 0) ?? ''}: ${flagText(f, lang)}`)).join('; ');
    const notes = rows.filter((r) => r.note).map((r) => `${unitOf.get(r.part ?? 0) ?? ''}: ${r.note}`).join('; ');
    lines.push([s.studentNo, s.name, s.className, ...scores, s.total ?? '', passed, flags, notes].map(cell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
