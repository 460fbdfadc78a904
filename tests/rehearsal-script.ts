/**
 * A good single-product script for the level 5 rehearsal room (scenarios/imkt-l5-rehearsal-honey-15min.yaml):
 * the five parts, each doing its job with the product's true facts and prices, lengths that fit
 * the 8-minute slot. Shared by the scoring tests and the browser tests.
 */
export type HoneyPart = { part: 'opening' | 'fab' | 'price' | 'close' | 'ending'; sec: number; text: string };

export const HONEY_SCRIPT: readonly HoneyPart[] = [
  { part: 'opening', sec: 40, text: '欢迎来到直播间的家人们，大家好！今天给大家带来的是秦岭土蜂蜜，一瓶500克。' },
  { part: 'fab', sec: 150, text: '这款蜂蜜来自陕西秦岭山区，是中华蜂采的百花蜜，一年一取。它是封盖成熟蜜，波美度42度以上，浓稠能拉丝。每批都有第三方检测报告，不加糖浆。早上一杯温水蜂蜜水，抹面包、做菜调味都方便。' },
  { part: 'price', sec: 80, text: '平时店里卖79元，今天直播间到手价59元，再领5元直播间专享券，用券后只要54元，还包邮，碎瓶包赔。' },
  { part: 'close', sec: 70, text: '喜欢的家人们现在就拍1号链接，直播间价只在今晚直播时有效，抓紧下单！' },
  { part: 'ending', sec: 40, text: '感谢家人们的陪伴，没点关注的点个关注，明天晚上八点我们不见不散！' },
];
