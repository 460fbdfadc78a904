/**
 * The product class a line is about, when nobody said: a script checked on its own names its
 * product (这款面霜, 这款花茶), and class-scoped entries depend on it — 美白 is a certificate
 * claim for a face cream (特殊化妆品) but a banned efficacy claim for a food. Pure.
 */

// Product nouns, by class. Only classes whose scoped entries differ are inferred.
const COSMETICS =
  /面霜|精华液|精华水|精华乳|精华霜|(?<!的)精华(?!版|部分)|乳液|面膜|眼霜|口红|唇釉|唇膏|粉底|气垫|防晒|隔离霜|洗面奶|洁面|爽肤水|化妆水|护肤品|身体乳|素颜霜|卸妆|彩妆|安瓶|冻干粉|美白霜|祛斑霜|淡斑霜|面部|涂抹|涂在脸|抹在脸|擦脸|洗发水|护发素|沐浴露|香皂/;
const FOOD =
  /茶叶|花茶|果茶|奶茶|咖啡|饮料|牛奶|奶粉|零食|果汁|口服液|代餐|酵素|糖果|饼干|蜂蜜|燕窝|阿胶|枸杞|红枣|坚果|胶原蛋白肽|益生菌|固体饮料|压片糖|大米|月饼|粽子|水果|橙子|苹果|冲泡|泡水喝|口服|吃了|喝了|每天吃|每天喝|好吃|好喝|食用/;
const HEALTH = /保健食品|保健品|蓝帽子|维生素片|钙片|鱼油|膳食补充/;

/** The class named by the text (normalised), or undefined when it names none or several. */
export function inferClass(norm: string): 'cosmetics' | 'food' | 'health' | undefined {
  const cosmetics = COSMETICS.test(norm);
  const health = HEALTH.test(norm);
  const food = !health && FOOD.test(norm);
  const n = Number(cosmetics) + Number(food) + Number(health);
  if (n !== 1) return undefined;
  return cosmetics ? 'cosmetics' : food ? 'food' : 'health';
}
