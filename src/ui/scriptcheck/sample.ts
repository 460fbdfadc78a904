/** The script shown on a first visit (no draft yet): one example of each kind of problem. */
export const SAMPLE_SCRIPT = [
  '家人们晚上好，欢迎来到直播间！',
  '这款冰糖橙是全网最低价，吃了还能降血压。',
  '只剩10件了，原价399，今天只要29.9！',
  '想要更便宜的加我薇信私聊。',
  '冰糖橙的最佳食用期是收到后一周内。',
  '',
].join('\n');
