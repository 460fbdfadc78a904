/**
 * 质量投诉: a viewer complains about a product's quality and, while it goes unanswered, others
 * pile on every ~20 s and the product's risk grows. Handled by words: a calm after-sales answer.
 * Missed, it escalates (舆情) and brings a platform warning.
 */
import { F_COMPLAINER } from '../audience/pool';
import { complaintGroup, templates } from '../audience/templates';
import { checkCompliance } from '../compliance';
import { checkEnglishRisks } from '../english-risks';
import { emit } from '../kernel/log';
import type { World } from '../kernel/state';
import { schedule } from '../kernel/timers';
import { isApology, mentionsAfterSales } from '../speech';
import { warn } from '../systems/moderation';
import { newViewer, personaSlotFor, postComment } from '../systems/viewers';
import { productLabel, productState, type TaskKindDef } from './types';

const PILE_ON_MS = 20000;
const PILE_ON_TEXTS = {
  zh: ['我也是，质量不行', '真的假的，那我不敢买了', '我的也有这个问题', '主播回应一下', '售后呢？'],
  en: ['same here, poor quality', 'really? not buying then', 'mine too', 'please respond', 'what about after-sales?'],
};

/** Words that say the host is addressing a complaint, not just pitching: quality, the problem, feedback. */
const ADDRESSES_COMPLAINT = /质量|问题|反馈|投诉|情况|体验|quality|complain|problem|issue|experience|feedback/i;

function isInsult(w: World, text: string): boolean {
  return checkCompliance(text).some((f: { category: string }) => f.category === 'insult') || (w.lang === 'en' && checkEnglishRisks(text).some((f) => f.category === 'insult'));
}

export const qualityComplaint: TaskKindDef<'quality_complaint'> = {
  kind: 'quality_complaint',
  defaultWithinSec: 90,
  message: (w, inc) => ({
    zh: `观众投诉 ${productLabel(w, inc.product, 'zh')} 的质量问题，其他人开始跟评`,
    en: `A viewer complains about the quality of ${productLabel(w, inc.product, 'en')}; others pile on`,
  }),
  start(w, inc, task) {
    const p = productState(w, inc.product);
    const slot = newViewer(w, personaSlotFor(w, 'window_shopper'), true);
    w.pool.flags[slot] |= F_COMPLAINER;
    // Without a scripted text, the complaint fits the product's group (a dishwasher breaks, a scarf loses its shape).
    const text = inc.text ?? (templates(w.lang, `qualityComplaint:${complaintGroup(w.scenario.products[p.index])}`) ?? templates(w.lang, 'qualityComplaint')!)[0].split('{product}').join(productLabel(w, inc.product, w.lang));
    const c = postComment(w, slot, 'complaint', text, { product: p.index, incident: inc.id });
    task.data.comments = [c];
    p.qualityRisk = 1;
    schedule(w, w.eventTime + PILE_ON_MS, 'complaint.pileon', { task: w.tasks.indexOf(task), product: inc.product });
  },
  /**
   * A reply to the complaint thread must offer after-sales (售后, 退换, 客服, 退款); speech to the
   * whole room must offer after-sales *and* address the complaint (an apology, or words about
   * the problem), so a routine pitch line that happens to mention 七天无理由 does not count.
   * Insults never do, and a reply to some other comment does not answer this thread.
   */
  handledBySpeech(w, task, text, replyTo) {
    if (isInsult(w, text)) return false;
    const offers = mentionsAfterSales(text) !== null;
    return replyTo !== null
      ? (task.data.comments as number[]).includes(replyTo) && offers
      : offers && (isApology(text) !== null || ADDRESSES_COMPLAINT.test(text));
  },
  onHandled(w, _task, late, product) {
    if (late) return;
    // A prompt, calm answer stops the spread and wins back some trust.
    if (product !== undefined) {
      const p = productState(w, product);
      p.qualityRisk = Math.min(p.qualityRisk, 0.5);
    }
    w.trust = Math.min(1, w.trust + 0.05);
  },
  onMissed(w, task) {
    emit(w, 'incident.escalated', { incident: task.id, kind: task.kind }, [task.startEvent]);
    warn(w, 'unanswered quality complaints (舆情 risk)', task.id);
  },
  timers: {
    'complaint.pileon': (w, pl) => {
      const task = w.tasks[pl.task];
      if (task.handled || w.finished) return;
      const p = w.productIndex.get(pl.product)!;
      const slot = newViewer(w, personaSlotFor(w, 'window_shopper'), true);
      w.pool.flags[slot] |= F_COMPLAINER;
      const c = postComment(w, slot, 'complaint', w.rng.pick(PILE_ON_TEXTS[w.lang]), { product: p, incident: task.id });
      (task.data.comments as number[]).push(c);
      w.products[p].qualityRisk += 0.5;
      w.trust = Math.max(-1, w.trust - 0.03);
      schedule(w, w.eventTime + PILE_ON_MS, 'complaint.pileon', pl);
    },
  },
};
