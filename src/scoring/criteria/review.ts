/**
 * The review quiz (复盘) as a criterion: the share of the quiz's questions the student
 * answered correctly after the run. Without answers it is "not assessed" and leaves the
 * total untouched.
 */
import { z } from 'zod';
import { checkQuizAnswer, reviewQuiz } from '../quiz';
import type { Bilingual, CriterionOutcome, Evidence } from '../types';
import { defineCriterion, feedback } from './define';

export const reviewQuizCriterion = defineCriterion({
  id: 'review-quiz',
  title: { zh: '复盘：采集和分析本场数据', en: 'Review: collecting and analysing the data of the run' },
  observes: {
    zh: '下播后的复盘题（峰值在线、观看人数、停留、涨粉、点赞、评论、成交额、转化率、UV价值、最好和最差的商品、何时掉人及原因、观众最关心什么），答案由日志计算，按允许误差判对错。',
    en: 'The review questions after the run (peak online, UV, dwell, followers, likes, comments, GMV, conversion, UV value, best and worst product, when viewers dropped and why, what viewers asked most), answers computed from the log and checked within a tolerance.',
  },
  clauses: [
    'imkt-l5:3-2-1',
    'imkt-l4:3-1-1',
    '1x-primary:3.3.1',
    '1x-primary:3.3.2',
    '1x-intermediate:3.3.1',
    '1x-intermediate:3.3.2',
    '1x-intermediate:3.3.3',
    '1x-intermediate:3.3.4',
  ],
  params: z.strictObject({}),
  evaluate(run, _p, ctx): CriterionOutcome {
    const qs = reviewQuiz(run.scenario, run.events);
    if (!ctx.quizAnswers) {
      return {
        applicable: true,
        notAssessed: true,
        fraction: 0,
        evidence: [],
        feedback: { zh: '复盘题尚未作答。', en: 'The review quiz has not been taken yet.' },
        details: { questions: qs.length },
      };
    }
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    let right = 0;
    for (const q of qs) {
      const c = checkQuizAnswer(q, ctx.quizAnswers[q.id]);
      if (c.correct) right++;
      else problems.push({ zh: `「${q.prompt.zh}」${c.feedback.zh}`, en: `"${q.prompt.en}" ${c.feedback.en}` });
      const e = q.evidence[0];
      if (e) evidence.push({ ...e, good: c.correct, note: { zh: `${q.prompt.zh} ${c.correct ? '答对' : '答错'}`, en: `${q.prompt.en} ${c.correct ? 'right' : 'wrong'}` } });
    }
    return {
      applicable: qs.length > 0,
      fraction: qs.length > 0 ? right / qs.length : 0,
      evidence,
      feedback: feedback(problems, { zh: '复盘数据全部算对了', en: 'Every review figure was right' }),
      details: { questions: qs.length, correct: right },
    };
  },
});
