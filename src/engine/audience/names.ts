/**
 * Viewer nicknames, derived from the viewer id alone (no random draws), so that
 * the UI, the log and a replay always show the same name for the same viewer.
 */
const ZH_A = ['小鹿', '橘子', '阿花', '果果', '豆豆', '小雨', '糖糖', '阿杰', '木木', '星星', '跳跳', '圆圆', '七七', '乐乐', '小满', '阿宝', '柚子', '米粒', '可乐', '南风'];
const ZH_B = ['妈妈', '爱吃瓜', '不吃辣', '在路上', '的日常', '酱', '同学', '姐姐', '宝妈', '哥', '来了', '123', '呀', '本人', '冲冲冲', '爱购物', '小号', '说', '睡不醒', '今天也要开心'];
const EN_A = ['Sunny', 'Maple', 'Pixel', 'Coco', 'River', 'Juno', 'Kiwi', 'Echo', 'Nova', 'Ruby', 'Milo', 'Indie', 'Luna', 'Ziggy', 'Olive', 'Rio'];
const EN_B = ['Shop', 'Fan', '88', 'Mom', 'Bear', 'Cat', 'Life', 'Deals', 'Vibes', '2024', 'Lover', 'Daily', 'Hunter', 'Bee', 'Go', 'X'];

function hash(n: number): number {
  let h = Math.imul(n ^ 0x5bd1e995, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

export function viewerName(viewerId: number, lang: 'zh' | 'en'): string {
  const h = hash(viewerId);
  if (lang === 'en') return EN_A[h % EN_A.length] + EN_B[(h >>> 8) % EN_B.length];
  if ((h >>> 20) % 5 === 0) return `用户${String(1000 + ((h >>> 4) % 9000))}`;
  return ZH_A[h % ZH_A.length] + ZH_B[(h >>> 8) % ZH_B.length];
}
