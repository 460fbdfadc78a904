/**
 * Numbers as hosts say and type them: Chinese numerals (九十九, 两件, 五六次), ranges (65–75,
 * 65-75, 65~75, 65到75), units (毫米/厘米, 斤/克/千克/公斤, 毫升/升, 度/℃, 元/块/毛), and a
 * canonical form in which two ways of writing the same quantity are the same string, so a
 * fact's accepted words and selling-point keywords match whatever way the host put them.
 */

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Value of a run of Chinese numerals with 十百千万 (一百二十九 → 129, 两万五千 → 25000). */
function cnValue(run: string): number {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of run) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch];
    else {
      const unit = CN_UNIT[ch];
      if (unit === 10000) {
        total += (section + (digit > 0 ? digit : 0)) * unit;
        section = 0;
      } else {
        section += (digit >= 0 ? digit : 1) * unit;
      }
      digit = -1;
    }
  }
  return total + section + (digit > 0 ? digit : 0);
}

/** Converts Chinese numerals (九十九, 一百二十, 三千) into digits so prices and counts can be read. */
export function digitsFromChinese(text: string): string {
  return text.replace(/[零〇一二两三四五六七八九十百千万]+/g, (run) => {
    if (run.length === 1 && !(run in CN_UNIT) && !/[零〇]/.test(run)) {
      // A lone digit is usually a word (一下, 两个): keep it unless followed by a unit, handled by the caller's context.
      return run;
    }
    // Without 十百千万 the run is read digit by digit (一三八 → 138).
    if (!/[十百千万]/.test(run)) return [...run].map((ch) => String(CN_DIGIT[ch])).join('');
    return String(cnValue(run));
  });
}

/**
 * Measure words and units: a lone Chinese numeral right before one of them is a number
 * (两件, 五斤, 一盒, 三号), not a word (一下, 一样, 两个人 is still 2个).
 */
const MEASURE = '块元毛角件双盒个瓶袋支套份单箱斤克枚条顶片只罐台包号码岁次种层抽道天年周月颗粒米升度分秒倍成';

/** Adjacent numerals that mean "a or b" (五六次, 两三天, 五六十颗): a range, not one number. */
const PAIR_RE = /(?<![零〇一二两三四五六七八九十百千万])([一二两三四五六七八])([二三四五六七八九])(十|百|千|万)?(?![零〇一二两三四五六七八九十百千万])/g;

/**
 * Chinese numerals as digits for reading quantities: runs as in digitsFromChinese, lone
 * numerals before a measure word or a range mark, and numeral pairs (五六次) as ranges (5~6次).
 */
export function numeralsToDigits(text: string): string {
  const paired = text.replace(PAIR_RE, (m, a: string, b: string, unit: string | undefined) => {
    const x = CN_DIGIT[a];
    const y = CN_DIGIT[b];
    if (y !== x + 1) return m;
    const k = unit ? CN_UNIT[unit] : 1;
    return `${x * k}~${y * k}`;
  });
  return paired.replace(/[零〇一二两三四五六七八九十百千万]+/g, (run, at: number, s: string) => {
    if (run.length === 1 && !(run in CN_UNIT) && !/[零〇]/.test(run)) {
      const next = s[at + 1] ?? '';
      const prev = s[at - 1] ?? '';
      // 一下 / 一样 stay words; 两件 / 五斤 / 到九 / 九块 are numbers.
      // After a digit (79一件) the numeral starts a new number: keep them apart.
      const sep = /\d/.test(prev) ? ' ' : '';
      if ((next !== '' && MEASURE.includes(next)) || /[到至~\-–—]/.test(prev) || /[到至~\-–—]/.test(next) || /[块元毛.]/.test(prev)) return sep + String(CN_DIGIT[run]);
      return run;
    }
    if (!/[十百千万]/.test(run)) return [...run].map((ch) => String(CN_DIGIT[ch])).join('');
    return String(cnValue(run));
  });
}

/**
 * Money as hosts type it, on text whose numerals are not yet digits: a numeral run right after
 * 块/元 followed by more numerals is the jiao digit and a count (九块九五双 → 九块九 五双).
 */
export function splitJiao(s: string): string {
  return s.replace(/([块元])([一二三四五六七八九])(?=[一二两三四五六七八九](?![十百千万]))/g, '$1$2 ');
}

/**
 * Money as hosts type it, on text with digits: 9块9 / 19元9 → 9.9元, 1块9毛8 → 1.98元,
 * 9毛9 → 0.99元. A digit after 元/块 is the jiao digit only at the end of a clause or before a
 * particle (9块9包邮, 9块9的), not before a measure word (79元2件, 169元1饼).
 */
export function moneyDigits(s: string): string {
  s = s.replace(/(?<![\d.])(\d+)\s*(?:块|元)\s*(\d)\s*毛\s*(\d)?/g, (_m, y: string, j: string, f: string | undefined) => `${y}.${j}${f ?? ''}元`);
  s = s.replace(/(?<![\d.])(\d+)(块|元)(\d)(?=$|[^\u4e00-\u9fff\d.%]|[包的秒到啦了呀哦吧呢还就])/g, '$1.$3元');
  return s.replace(/(?<![\d.])(\d)\s*毛\s*(\d)?/g, (_m, a: string, b: string | undefined) => `0.${a}${b ?? ''}元`);
}

/** A unit word after a number → its canonical unit and the factor to the base unit. */
const UNITS: [RegExp, string, number][] = [
  [/^(毫米|mm)/, 'mm', 1],
  [/^(厘米|公分|cm)/, 'mm', 10],
  [/^(千克|公斤|kg)/, 'g', 1000],
  [/^(克|g)(?![a-z])/, 'g', 1],
  [/^斤/, 'g', 500],
  [/^(毫升|ml)/, 'ml', 1],
  [/^(升|l)(?![a-z])/, 'ml', 1000],
  [/^(℃|°c|度)/, '度', 1],
  [/^(元|块钱|块|rmb|yuan)/, '元', 1],
  [/^(小时|个小时|hours?|hrs?)(?![a-z])/, '小时', 1],
  [/^(分钟|minutes?|mins?)(?![a-z])/, '分钟', 1],
];

function readUnit(s: string): { unit: string; factor: number; len: number } | null {
  for (const [re, unit, factor] of UNITS) {
    const m = re.exec(s);
    if (m) return { unit, factor, len: m[0].length };
  }
  return null;
}

const fmt = (n: number) => String(Number(n.toFixed(6)));

/** Range marks between two numbers: 到, 至, hyphens and dashes, tildes, "to" in English. */
const RANGE_SEP = /^(到|至|-|–|—|~|〜|to)/;

/**
 * The canonical form text and keywords are compared in: lowercase, NFKC (full-width digits and
 * marks), no spaces, Chinese numerals as digits, 9块9 as 9.9元, a range as lo~hi, and a
 * quantity in its base unit (5斤 → 2500g, 7.5厘米 → 75mm, 65–75毫米 → 65~75mm).
 */
export function canonical(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(/[\s\u3000]+/g, '');
  // 百分之九十五 → 95% (before 百 is read as a hundred).
  s = s.replace(/百分之([零〇一二两三四五六七八九十\d.]+)/g, (_m, n: string) => `${numeralsToDigits(n)}%`);
  s = moneyDigits(numeralsToDigits(splitJiao(s)));
  // Dimensions: 25乘25, 25x25, 25*25 → 25×25.
  s = s.replace(/(\d)(?:乘|x|\*)(?=\d)/g, '$1×');
  let out = '';
  let i = 0;
  const num = /\d+(?:\.\d+)?/y;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57 || (i > 0 && /[\d.]/.test(s[i - 1]))) {
      out += s[i++];
      continue;
    }
    num.lastIndex = i;
    const m = num.exec(s);
    if (!m) {
      out += s[i++];
      continue;
    }
    let j = i + m[0].length;
    const lo = Number(m[0]);
    const u1 = readUnit(s.slice(j, j + 6));
    const k = j + (u1 ? u1.len : 0);
    const sep = RANGE_SEP.exec(s.slice(k, k + 2));
    let hi: number | null = null;
    let u2: ReturnType<typeof readUnit> = null;
    if (sep) {
      num.lastIndex = k + sep[0].length;
      const m2 = num.exec(s);
      if (m2 && m2.index === k + sep[0].length) {
        hi = Number(m2[0]);
        const after = k + sep[0].length + m2[0].length;
        u2 = readUnit(s.slice(after, after + 6));
        j = after + (u2 ? u2.len : 0);
      }
    }
    if (hi === null) {
      j = k;
      out += u1 ? fmt(lo * u1.factor) + u1.unit : m[0];
    } else {
      const unit = u2 ?? u1;
      // 65毫米到7.5厘米: each end in its own unit when both are given, else the one unit for both.
      const f1 = u1 ? u1.factor : unit ? unit.factor : 1;
      const f2 = unit ? unit.factor : 1;
      out += `${fmt(lo * f1)}~${fmt(hi * f2)}${unit ? unit.unit : ''}`;
    }
    i = j;
  }
  return out;
}

/**
 * Does canonical `hay` contain canonical `needle` as a whole quantity? A needle starting or
 * ending with a digit may not continue a longer number (5g is not in 25g, 9.9 not in 19.9).
 * Returns the index of the first such occurrence, or -1.
 */
export function findCanonical(hay: string, needle: string, from = 0): number {
  if (needle.length === 0) return -1;
  const digitStart = /^[\d.]/.test(needle);
  const digitEnd = /\d$/.test(needle);
  for (let at = hay.indexOf(needle, from); at >= 0; at = hay.indexOf(needle, at + 1)) {
    if (digitStart && at > 0 && /[\d.]/.test(hay[at - 1])) continue;
    const end = at + needle.length;
    if (digitEnd && end < hay.length && /[\d]/.test(hay[end])) continue;
    if (digitEnd && hay[end] === '.' && /\d/.test(hay[end + 1] ?? '')) continue;
    return at;
  }
  return -1;
}

/**
 * Quantities worth accepting as an answer on their own, read from a fact's value: ranges
 * (65–75毫米 → 65~75mm, 16–20个 → 16~20个) and numbers with a unit (5斤 → 2500g, 48小时).
 */
export function quantitiesIn(text: string): string[] {
  const s = canonical(text);
  const out = new Set<string>();
  for (const m of s.matchAll(/(?<![\d.~])\d+(?:\.\d+)?(?:~\d+(?:\.\d+)?)?(?:mm|g|ml|度|元|小时|分钟|%|[个颗枚片袋盒瓶支双条份套只罐箱天年岁码抽层次])?/g)) {
    const q = m[0];
    if (q.includes('~') || /\D$/.test(q)) out.add(q);
  }
  return [...out];
}
