/**
 * Level exam templates (docs/hub.md "Exam templates"): the practical parts of a standard's
 * operation exam that livesim can run, each a timed attempt of its own with the standard's weight.
 * A teacher creating an exam picks a template, then a scenario for each part; the exam's total is
 * the parts' weighted mean rescaled to 100, Σ wᵢ·scoreᵢ / Σ wᵢ.
 *
 * Data only, with no Node or DOM imports: the hub checks a new exam against it and the teacher's
 * form (src/ui/hub/teacher/CreateExam.tsx) shows it. The weights and minutes come from the
 * standards as cited in `source`; where a standard gives none, `note` says the split is ours.
 * An exam keeps its parts' weights and minutes as they were when it was created (exam_parts), so
 * changing a template here never changes an exam already held.
 */

export type Bilingual = { zh: string; en: string };

/**
 * What a part asks of the student: a rehearsal of their own script (2-1 直播预演), a selling live
 * (2-2 直播销售, the host's seat), or the controller's seat (中控, 平台管理员).
 */
export type TaskKind = 'rehearsal' | 'selling' | 'controller';

export interface TemplatePart {
  /** The standard's exam unit (互联网营销师: '2-1', '2-2'; 1+X: the work tasks, e.g. '2.3–2.4'). */
  unit: string;
  title: Bilingual;
  kind: TaskKind;
  /** The part's time limit. */
  minutes: number;
  /** Its weight in the exam (the standard's percentage of the full exam, or ours where it gives none). */
  weight: number;
}

export interface ExamTemplate {
  id: string;
  title: Bilingual;
  /** The scenario level (scenario meta.level) every part's scenario must have. */
  level: string;
  /** The standard and the clause or table the parts come from. */
  source: Bilingual;
  /** What the template leaves out (the written units, practical units outside the live room) and where its numbers come from. */
  note: Bilingual;
  parts: readonly TemplatePart[];
}

/** What a scenario says about itself that decides whether it fits a part (scenario meta). */
export interface ScenarioFit {
  level: string;
  seat: 'host' | 'controller';
  /** Absent: a selling live. */
  task?: 'selling' | 'rehearsal';
}

const REHEARSAL: Bilingual = { zh: '直播预演', en: 'Rehearsal' };
const SELLING: Bilingual = { zh: '直播销售', en: 'Live selling' };
/** The 互联网营销师 package's operation-skill assessment specification for a level. */
const imktSource = (clause: string, zhLevel: string, enLevel: string, zhWork: string, enWork: string): Bilingual => ({
  zh: `《互联网营销师职业培训包》${clause} ${zhLevel}职业技能培训操作技能考核规范，${zhWork}`,
  en: `Internet Marketer vocational training package (互联网营销师职业培训包), ${clause} operation-skill assessment specification, ${enLevel}, ${enWork}`,
});
const ONE_X_SOURCE = (table: string, zhLevel: string, enLevel: string, zhTasks: string, enTasks: string): Bilingual => ({
  zh: `《直播电商职业技能等级标准》（标准代码 530051，2024 年 3.0 版）${table} 直播电商职业技能等级要求（${zhLevel}）：${zhTasks}`,
  en: `Live e-commerce vocational skill level standard (直播电商职业技能等级标准, code 530051, version 3.0, 2024), ${table}, ${enLevel}: ${enTasks}`,
});
const ONE_X_NOTE = (zhLeft: string, enLeft: string): Bilingual => ({
  zh: `该标准没有规定考核的权重和时长：这里的一个 20 分钟实操部分（本项目的实操时段）和它的权重是本项目定的，不是标准规定的。${zhLeft}不在直播间内，模拟器不考，由学校另行考核（笔试或其他方式）。`,
  en: `The standard sets no exam weights or durations: the one 20-minute practical part (this project's practical slot) and its weight are ours, not the standard's. ${enLeft} happen outside the live room; the simulator does not examine them, and the school does (written or otherwise).`,
});

export const EXAM_TEMPLATES: readonly ExamTemplate[] = [
  {
    id: 'imkt-l5',
    title: { zh: '互联网营销师 直播销售员 五级：直播营销实操', en: 'Internet marketer, live-stream salesperson level 5: live marketing practical' },
    level: 'imkt-l5',
    source: imktSource('2.3.3', '五级/初级', 'level 5', '（2）直播销售员：2. 直播营销', '(2) live-stream salesperson: 2. live marketing'),
    note: {
      zh: '只含模拟器能运行的实操单元 2-1 直播预演（20%）和 2-2 直播销售（30%）。实操单元 1-1 宣传准备（14%）和 1-2 设备、软件和材料准备（10%）不在直播间内，笔试单元 1-3 风险评估（6%）、3-1 售后（10%）、3-2 复盘（10%），都由学校另行考核。',
      en: 'Only the practical units the simulator runs: 2-1 rehearsal (20 %) and 2-2 live selling (30 %). The practical units 1-1 publicity (14 %) and 1-2 equipment and materials (10 %) happen outside the live room, and the written units 1-3 risk assessment (6 %), 3-1 after-sales (10 %) and 3-2 review (10 %) are examined by the school.',
    },
    parts: [
      { unit: '2-1', title: REHEARSAL, kind: 'rehearsal', minutes: 15, weight: 20 },
      { unit: '2-2', title: SELLING, kind: 'selling', minutes: 20, weight: 30 },
    ],
  },
  {
    id: 'imkt-l4',
    title: { zh: '互联网营销师 直播销售员 四级：直播营销实操', en: 'Internet marketer, live-stream salesperson level 4: live marketing practical' },
    level: 'imkt-l4',
    source: imktSource('2.3.5', '四级/中级', 'level 4', '（2）直播销售员：2. 直播营销', '(2) live-stream salesperson: 2. live marketing'),
    note: {
      zh: '只含模拟器能运行的实操单元 2-1 直播预演（25%）和 2-2 直播销售（30%）。实操单元 1-2 设备、软件和材料准备（10%）不在直播间内，笔试单元 1-1 宣传准备（10%）、1-3 风险评估（5%）、3-1 售后（10%）、3-2 复盘（10%），都由学校另行考核。',
      en: 'Only the practical units the simulator runs: 2-1 rehearsal (25 %) and 2-2 live selling (30 %). The practical unit 1-2 equipment and materials (10 %) happens outside the live room, and the written units 1-1 publicity (10 %), 1-3 risk assessment (5 %), 3-1 after-sales (10 %) and 3-2 review (10 %) are examined by the school.',
    },
    parts: [
      { unit: '2-1', title: REHEARSAL, kind: 'rehearsal', minutes: 15, weight: 25 },
      { unit: '2-2', title: SELLING, kind: 'selling', minutes: 20, weight: 30 },
    ],
  },
  {
    id: 'imkt-l3',
    title: { zh: '互联网营销师 直播销售员 三级：直播营销实操', en: 'Internet marketer, live-stream salesperson level 3: live marketing practical' },
    level: 'imkt-l3',
    source: imktSource('2.3.7', '三级/高级', 'level 3', '（2）直播销售员：2. 直播营销', '(2) live-stream salesperson: 2. live marketing'),
    note: {
      zh: '只含模拟器能运行的实操单元 2-1 直播预演（25%）和 2-2 直播销售（35%）。其余单元都是笔试：1-1 宣传准备（10%）、1-2 设备、软件和材料准备（5%）、1-3 风险评估（5%）、3-1 售后（10%）、3-2 复盘（10%），由学校另行考核。',
      en: 'Only the practical units the simulator runs: 2-1 rehearsal (25 %) and 2-2 live selling (35 %). The other units are written: 1-1 publicity (10 %), 1-2 equipment and materials (5 %), 1-3 risk assessment (5 %), 3-1 after-sales (10 %) and 3-2 review (10 %), examined by the school.',
    },
    parts: [
      { unit: '2-1', title: REHEARSAL, kind: 'rehearsal', minutes: 15, weight: 25 },
      { unit: '2-2', title: SELLING, kind: 'selling', minutes: 20, weight: 35 },
    ],
  },
  {
    id: 'platform-l5',
    title: { zh: '互联网营销师 平台管理员 五级：技术支持与互动管理实操', en: 'Internet marketer, platform administrator level 5: technical support and interaction management practical' },
    level: 'platform-l5',
    source: imktSource('2.3.3', '五级/初级', 'level 5', '（4）平台管理员：2. 技术支持与互动管理', '(4) platform administrator: 2. technical support and interaction management'),
    note: {
      zh: '只含模拟器能运行的实操单元 2-1 技术支持（20%）和 2-2 互动管理（20%），都坐中控席位。每个部分是一场完整的中控直播，按评分标准 imkt-platform-l5 打分（两个单元在每场中都会观察到），部分得分就是这一场的总分。实操单元 1-1 宣传准备（14%）和 1-2 设备、软件和材料准备（10%）不在直播间内，笔试单元 1-3 风险评估（6%）、3-1 售后（15%）、3-2 复盘（15%），都由学校另行考核。',
      en: "Only the practical units the simulator runs, both in the controller's seat: 2-1 technical support (20 %) and 2-2 interaction management (20 %). Each part is a whole controller run scored with the rubric imkt-platform-l5 (which observes both units in every run); the part's score is that run's total. The practical units 1-1 publicity (14 %) and 1-2 equipment and materials (10 %) happen outside the live room, and the written units 1-3 risk assessment (6 %), 3-1 after-sales (15 %) and 3-2 review (15 %) are examined by the school.",
    },
    parts: [
      { unit: '2-1', title: { zh: '技术支持', en: 'Technical support' }, kind: 'controller', minutes: 20, weight: 20 },
      { unit: '2-2', title: { zh: '互动管理', en: 'Interaction management' }, kind: 'controller', minutes: 15, weight: 20 },
    ],
  },
  {
    id: '1x-primary',
    title: { zh: '1+X 直播电商（初级）：直播间系统操作与互动实操', en: '1+X live e-commerce, primary: live-room operations and interaction practical' },
    level: '1x-primary',
    source: ONE_X_SOURCE('表 1', '初级', 'primary', '2. 直播执行 2.3 直播间系统操作、2.4 直播间互动', '2. live execution, 2.3 live-room system operations and 2.4 live-room interaction'),
    note: ONE_X_NOTE(
      '工作领域 1 直播平台搭建与开播准备、2.1 直播预热、2.2 脚本初稿编写和 3 直播后运维与数据整理',
      'Work area 1 platform and room set-up, 2.1 warm-up, 2.2 first script draft and 3 after-stream operations and data',
    ),
    parts: [{ unit: '2.3–2.4', title: { zh: '直播间系统操作与互动（中控）', en: 'Live-room operations and interaction (controller)' }, kind: 'controller', minutes: 20, weight: 100 }],
  },
  {
    id: '1x-intermediate',
    title: { zh: '1+X 直播电商（中级）：直播销售实操', en: '1+X live e-commerce, intermediate: live selling practical' },
    level: '1x-intermediate',
    source: ONE_X_SOURCE('表 2', '中级', 'intermediate', '2. 直播销售（2.1 商品讲解与展示、2.2 直播控场、2.3 粉丝互动转化）', '2. live selling (2.1 presenting products, 2.2 room control, 2.3 fan interaction and conversion)'),
    note: ONE_X_NOTE('工作领域 1 直播策划、3 直播运营（直播中看得到的部分除外）和 4 直播推广', 'Work areas 1 planning, 3 operations (except what shows during the live) and 4 promotion'),
    parts: [{ unit: '2', title: SELLING, kind: 'selling', minutes: 20, weight: 100 }],
  },
  {
    id: '1x-advanced',
    title: { zh: '1+X 直播电商（高级）：特色直播实操', en: '1+X live e-commerce, advanced: featured live stream practical' },
    level: '1x-advanced',
    source: ONE_X_SOURCE('表 3', '高级', 'advanced', '2.4 特色直播策划与推进（以中级 2. 直播销售为基础）', '2.4 featured live streams (on the intermediate level’s 2. live selling)'),
    note: ONE_X_NOTE(
      '工作领域 1 直播商品供应链管理、2.1–2.3 直播规划和专场、宣传推广策划以及 3 直播效果评估优化',
      'Work areas 1 supply chain, 2.1–2.3 planning, special sessions and promotion, and 3 evaluation and optimisation',
    ),
    parts: [{ unit: '2.4', title: { zh: '特色直播销售', en: 'Featured live selling' }, kind: 'selling', minutes: 20, weight: 100 }],
  },
];

export function examTemplate(id: string): ExamTemplate | undefined {
  return EXAM_TEMPLATES.find((t) => t.id === id);
}

/** The seat and task a part's scenario must have. */
export function partNeeds(kind: TaskKind): { seat: 'host' | 'controller'; task: 'selling' | 'rehearsal' } {
  return kind === 'rehearsal' ? { seat: 'host', task: 'rehearsal' } : kind === 'selling' ? { seat: 'host', task: 'selling' } : { seat: 'controller', task: 'selling' };
}

/** Why a scenario does not fit a part of the template (in English, naming the scenario fields), or null when it does. */
export function misfit(template: Pick<ExamTemplate, 'level'>, part: Pick<TemplatePart, 'kind'>, s: ScenarioFit): string | null {
  const need = partNeeds(part.kind);
  const task = s.task ?? 'selling';
  const wrong: string[] = [];
  if (s.level !== template.level) wrong.push(`meta.level is ${s.level}, not ${template.level}`);
  if (s.seat !== need.seat) wrong.push(`meta.seat is ${s.seat}, not ${need.seat}`);
  if (task !== need.task) wrong.push(`meta.task is ${task}, not ${need.task}`);
  return wrong.length ? wrong.join('; ') : null;
}

export function fits(template: Pick<ExamTemplate, 'level'>, part: Pick<TemplatePart, 'kind'>, s: ScenarioFit): boolean {
  return misfit(template, part, s) === null;
}

/**
 * The exam's total from its parts' scores: the weighted mean rescaled to 100, Σ wᵢ·scoreᵢ / Σ wᵢ,
 * to one decimal. Null while any part has no score.
 */
export function weightedTotal(parts: readonly { weight: number; score: number | null | undefined }[]): number | null {
  if (parts.length === 0 || parts.some((p) => p.score === null || p.score === undefined)) return null;
  const w = parts.reduce((s, p) => s + p.weight, 0);
  if (w <= 0) return null;
  return Math.round((10 * parts.reduce((s, p) => s + p.weight * (p.score as number), 0)) / w) / 10;
}

/** The total's formula in words, e.g. "(20 × 2-1 + 30 × 2-2) ÷ 50". */
export function totalFormula(parts: readonly { unit: string; weight: number }[]): string {
  const w = parts.reduce((s, p) => s + p.weight, 0);
  return `(${parts.map((p) => `${p.weight} × ${p.unit}`).join(' + ')}) ÷ ${w}`;
}
