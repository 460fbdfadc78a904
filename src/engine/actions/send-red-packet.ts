/** Send red packet (发红包). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { fen } from '../money';
import { sendRedPacket } from '../systems/promotions';
import { defineAction, money, reject } from './define';

export const sendRedPacketAction = defineAction({
  type: 'send_red_packet',
  console: { panel: 'marketing', control: 'form', order: 70 },
  cueable: true,
  label: { zh: '发红包', en: 'Send red packet' },
  seat: 'controller',
  schema: z.strictObject({ total: money.check(z.refine((v) => v <= 20000, { error: 'at most 20000' })), count: z.number().check(z.int(), z.minimum(1), z.maximum(1000)) }),
  whileDown: false,
  apply(w, p) {
    if (w.redPacket) reject('packet_running', 'a red packet is still being grabbed');
    if (fen(p.total) < p.count) reject('too_small', 'each share must be at least 0.01');
    const id = sendRedPacket(w, fen(p.total), p.count);
    emit(w, 'redpacket.sent', { packet: id, total: fen(p.total), count: p.count });
  },
});
