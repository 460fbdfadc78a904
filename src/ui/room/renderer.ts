/**
 * The live-room picture, drawn with pixi.js: what a viewer sees on a phone (Douyin /
 * Taobao Live style), over the host's camera (an HTML <video> under the transparent canvas)
 * or an avatar when there is no camera.
 *
 * It is a frame listener of the run: every animation frame it gets the engine's new events
 * and reads the engine's state (read-only), then draws. Display objects are created once and
 * pooled (comment rows, danmaku, hearts); texts are re-rendered only when they change, and
 * at most the last few comments of a frame are drawn, so 100 comments per second cost
 * about what 10 do. Design space: 360 × 640, scaled to the element.
 */
import { AbstractRenderer, autoDetectRenderer, Container, Graphics, NineSliceSprite, Sprite, Text, TextStyle, type Renderer, type Texture } from 'pixi.js';
import { viewerName, type SimEvent, type SimView } from '../../engine';
import type { Frame, FrameListener, LiveRun } from '../store/run';
import { commentFromEvent, type CommentItem } from '../store/types';
import { Pool } from './pool';

export const ROOM_W = 360;
export const ROOM_H = 640;

const FONT = ['system-ui', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'sans-serif'];
const COMMENT_ROWS = 7;
const COMMENT_W = 200;
const COMMENT_BOTTOM = 586;
const DANMAKU_LANES = 6;
const DANMAKU_TOP = 200;
const DANMAKU_LANE_H = 26;
const DANMAKU_MS = 6500;
const HEART_MS = 1800;
const MAX_HEARTS = 40;

export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface RoomOptions {
  /** The camera is on: draw over the video instead of the avatar scene. */
  camera: boolean;
  danmaku: boolean;
  lang: string;
  t: Translate;
}

interface Row {
  box: Container;
  bg: NineSliceSprite;
  text: Text;
  id: number;
}

interface Flyer {
  text: Text;
  x: number;
  lane: number;
  speed: number;
}

interface Heart {
  sprite: Sprite;
  born: number;
  x0: number;
  sway: number;
}

interface Notice {
  text: string;
  kind: 'enter' | 'vip' | 'buy';
}

export class RoomRenderer implements FrameListener {
  private renderer!: Renderer;
  private stage = new Container();
  private opts: RoomOptions;
  private ready = false;
  private destroyed = false;
  private pill!: Texture;
  private heartTex!: Texture;

  // layers
  private avatar = new Container();
  private shade = new Graphics();
  private danmakuLayer = new Container();
  private commentLayer = new Container();
  private heartLayer = new Container();
  private hud = new Container();
  private popupLayer = new Container();
  private overlay = new Container();

  // hud pieces
  private hostName!: Text;
  private hostLikes!: Text;
  private online!: Text;
  private onlineBg!: NineSliceSprite;
  private icons = new Container();
  private iconTexts: Text[] = [];
  private iconBgs: NineSliceSprite[] = [];
  private banner = new Container();
  private bannerBg!: NineSliceSprite;
  private bannerText!: Text;
  private pinned = new Container();
  private pinnedBg!: NineSliceSprite;
  private pinnedText!: Text;
  private noticeBox = new Container();
  private noticeBg!: NineSliceSprite;
  private noticeText!: Text;
  private tickerBox = new Container();
  private tickerBg!: NineSliceSprite;
  private tickerText!: Text;
  private statusTag = new Container();
  private statusBg!: NineSliceSprite;
  private statusText!: Text;
  private bagCount!: Text;
  private inputHint!: Text;

  // product card
  private card = new Container();
  private cardName!: Text;
  private cardPrice!: Text;
  private cardSub!: Text;
  private cardNo!: Text;
  private cardTag!: Text;
  private cardButton!: Text;
  private cardShownAt = -1;
  private cardProduct = -1;

  // popup (coupon, red packet, lucky bag)
  private popup = new Container();
  private popupTitle!: Text;
  private popupBody!: Text;
  private popupUntil = 0;

  // overlay (stream drop, ended)
  private overlayBg = new Graphics();
  private overlayTitle!: Text;
  private overlaySub!: Text;
  private spinner = new Graphics();

  // comments
  private rows: Row[] = [];
  private rowPool!: Pool<Row>;
  private styleComment!: TextStyle;
  private styleDanmaku!: TextStyle;

  // danmaku
  private flyers: Flyer[] = [];
  private flyerPool!: Pool<Text>;
  private laneFree: number[] = new Array(DANMAKU_LANES).fill(0);
  danmakuDropped = 0;

  // hearts
  private hearts: Heart[] = [];
  private heartPool!: Pool<Sprite>;
  private heartsDue = 0;

  // notices
  private notices: Notice[] = [];
  private noticeUntil = 0;
  private tickers: string[] = [];
  private tickerUntil = 0;

  /** Comments waiting for a row / a danmaku lane: drawn one per frame, newest kept. */
  private pendingRows: CommentItem[] = [];
  private pendingDanmaku: CommentItem[] = [];
  private lastTexts = new Map<Text, string>();
  private wall = 0;

  constructor(opts: RoomOptions) {
    this.opts = opts;
  }

  async init(host: HTMLElement, resolution: number, preference: 'webgl' | 'canvas' = 'canvas'): Promise<void> {
    // The page's CSP has no 'unsafe-eval' (src/csp.ts). The canvas renderer generates no code, so
    // pixi's probe for eval (which the policy reports as a violation) is skipped; WebGL and WebGPU
    // generate shader and uniform code, so they get pixi's eval-free versions first (loaded only then).
    if (preference === 'canvas') (AbstractRenderer.prototype as unknown as { _unsafeEvalCheck(): void })._unsafeEvalCheck = () => undefined;
    else await import('./pixi-no-eval');
    // No Application (no ticker, no resize plugin) and no extension auto-imports (no
    // accessibility, DOM, events, filters, spritesheets): the room draws when the run's frame says so.
    this.renderer = await autoDetectRenderer({
      width: ROOM_W,
      height: ROOM_H,
      backgroundAlpha: 0,
      antialias: true,
      resolution,
      autoDensity: false,
      preference,
      skipExtensionImports: true,
    });
    if (this.destroyed) {
      this.renderer.destroy(true);
      return;
    }
    const canvas = this.renderer.canvas;
    canvas.style.width = '100%';
    canvas.style.height = '100%';
    canvas.setAttribute('aria-hidden', 'true');
    host.appendChild(canvas);
    this.build();
    this.ready = true;
  }

  setOptions(patch: Partial<RoomOptions>): void {
    const langChanged = patch.lang !== undefined && patch.lang !== this.opts.lang;
    this.opts = { ...this.opts, ...patch };
    if (!this.ready) return;
    this.avatar.visible = !this.opts.camera;
    if (!this.opts.danmaku) {
      this.clearDanmaku();
      this.pendingDanmaku.length = 0;
    }
    if (langChanged) this.staticTexts();
  }

  setResolution(resolution: number): void {
    if (!this.ready || Math.abs(this.renderer.resolution - resolution) < 0.05) return;
    this.renderer.resolution = resolution;
    this.renderer.resize(ROOM_W, ROOM_H);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.ready) {
      this.ready = false;
      this.stage.destroy({ children: true, texture: true });
      this.renderer.destroy(true);
    }
  }

  // ------------------------------------------------------------------ building

  private text(style: Partial<ConstructorParameters<typeof TextStyle>[0]> & object, s = ''): Text {
    return new Text({ text: s, style: new TextStyle({ fontFamily: FONT, fill: 0xffffff, fontSize: 13, ...style }) });
  }

  private slice(alpha: number, tint = 0x000000): NineSliceSprite {
    const s = new NineSliceSprite({ texture: this.pill, leftWidth: 12, rightWidth: 12, topHeight: 12, bottomHeight: 12 });
    s.tint = tint;
    s.alpha = alpha;
    return s;
  }

  private setText(t: Text, s: string): boolean {
    if (this.lastTexts.get(t) === s) return false;
    this.lastTexts.set(t, s);
    t.text = s;
    return true;
  }

  private build(): void {
    const r = this.renderer;
    const g = new Graphics().roundRect(0, 0, 32, 32, 12).fill(0xffffff);
    this.pill = r.generateTexture({ target: g, resolution: 2 });
    const h = new Graphics()
      .moveTo(16, 28)
      .bezierCurveTo(2, 18, 0, 8, 8, 4)
      .bezierCurveTo(12, 2, 15, 4, 16, 8)
      .bezierCurveTo(17, 4, 20, 2, 24, 4)
      .bezierCurveTo(32, 8, 30, 18, 16, 28)
      .fill(0xffffff);
    this.heartTex = r.generateTexture({ target: h, resolution: 2 });
    this.styleComment = new TextStyle({ fontFamily: FONT, fill: 0xffffff, fontSize: 13, wordWrap: true, breakWords: true, wordWrapWidth: COMMENT_W - 16, lineHeight: 18 });
    this.styleDanmaku = new TextStyle({ fontFamily: FONT, fill: 0xffffff, fontSize: 15, fontWeight: '600', stroke: { color: 0x000000, width: 3 } });

    const stage = this.stage;
    this.buildAvatar();
    this.shade.rect(0, 380, ROOM_W, 260).fill({ color: 0x000000, alpha: 0.18 });
    this.shade.rect(0, 0, ROOM_W, 90).fill({ color: 0x000000, alpha: 0.12 });
    stage.addChild(this.avatar, this.shade, this.danmakuLayer, this.commentLayer, this.heartLayer, this.hud, this.popupLayer, this.overlay);
    this.avatar.visible = !this.opts.camera;

    this.buildHud();
    this.buildCard();
    this.buildPopup();
    this.buildOverlay();

    this.rowPool = new Pool<Row>(() => {
      const box = new Container();
      const bg = this.slice(0.32);
      const text = new Text({ text: '', style: this.styleComment });
      text.position.set(8, 4);
      box.addChild(bg, text);
      return { box, bg, text, id: -1 };
    });
    this.flyerPool = new Pool<Text>(() => new Text({ text: '', style: this.styleDanmaku }));
    this.heartPool = new Pool<Sprite>(() => {
      const s = new Sprite(this.heartTex);
      s.anchor.set(0.5);
      return s;
    });
    this.staticTexts();
  }

  private buildAvatar(): void {
    const bg = new Graphics();
    // A soft studio backdrop, drawn in bands (no gradient texture needed).
    const bands = 16;
    for (let i = 0; i < bands; i++) {
      const k = i / (bands - 1);
      const c = lerpColor(0x3a4a6b, 0xb4432f, k * 0.55);
      bg.rect(0, (ROOM_H / bands) * i, ROOM_W, ROOM_H / bands + 1).fill(c);
    }
    bg.circle(60, 150, 90).fill({ color: 0xffffff, alpha: 0.05 });
    bg.circle(310, 420, 120).fill({ color: 0xffffff, alpha: 0.04 });
    // A simple host figure: shoulders in a work shirt, hair behind the face, a headset mic.
    const body = new Graphics().roundRect(88, 340, 184, 190, 80).fill(0xf7f3ee).roundRect(160, 336, 40, 34, 12).fill(0xe9d2bf);
    const hair = new Graphics().circle(180, 262, 70).fill(0x2b2624).roundRect(112, 262, 136, 70, 30).fill(0x2b2624);
    const face = new Graphics().ellipse(180, 276, 54, 62).fill(0xf3d9c4);
    const fringe = new Graphics().ellipse(170, 222, 58, 26).fill(0x2b2624);
    const features = new Graphics()
      .circle(160, 278, 5)
      .fill(0x3a2f2a)
      .circle(200, 278, 5)
      .fill(0x3a2f2a)
      .moveTo(168, 302)
      .quadraticCurveTo(180, 314, 192, 302)
      .stroke({ color: 0xc0605a, width: 3 })
      .moveTo(232, 286)
      .quadraticCurveTo(236, 320, 206, 326)
      .stroke({ color: 0x444444, width: 3 })
      .circle(205, 326, 5)
      .fill(0x444444);
    const label = this.text({ fontSize: 12, fill: 0xffffff, align: 'center' });
    label.anchor.set(0.5);
    label.position.set(180, 166);
    label.alpha = 0.8;
    label.label = 'avatar-label';
    this.avatar.addChild(bg, body, hair, face, fringe, features, label);
  }

  private buildHud(): void {
    // host pill (top left)
    const hostBg = this.slice(0.35);
    hostBg.label = 'host-bg';
    hostBg.width = 168;
    hostBg.height = 40;
    hostBg.position.set(8, 10);
    const face = new Graphics().circle(28, 30, 15).fill(0xf3d9c4).circle(28, 30, 15).stroke({ color: 0xffffff, width: 2 });
    this.hostName = this.text({ fontSize: 13, fontWeight: '600' });
    this.hostName.position.set(48, 13);
    this.hostLikes = this.text({ fontSize: 11, fill: 0xdddddd });
    this.hostLikes.position.set(48, 31);
    const follow = this.slice(1, 0xfe2c55);
    follow.width = 44;
    follow.height = 26;
    follow.position.set(127, 17);
    follow.label = 'follow-bg';
    const followText = this.text({ fontSize: 12, fontWeight: '600' });
    followText.label = 'follow';
    followText.anchor.set(0.5);
    followText.position.set(149, 30);
    // online count (top right)
    this.onlineBg = this.slice(0.35);
    this.onlineBg.height = 28;
    this.online = this.text({ fontSize: 12 });
    this.online.anchor.set(1, 0.5);
    this.online.position.set(ROOM_W - 18, 30);
    // activity icons (lucky bag, red packet, coupon): a row under the host pill
    this.icons.position.set(8, 58);
    for (let i = 0; i < 3; i++) {
      const bg = this.slice(0.9, [0xff9f1c, 0xe63946, 0xfe2c55][i]);
      bg.width = 66;
      bg.height = 24;
      bg.position.set(i * 72, 0);
      const t = this.text({ fontSize: 11, fontWeight: '600' });
      t.anchor.set(0.5);
      t.position.set(i * 72 + 33, 12);
      this.iconBgs.push(bg);
      this.iconTexts.push(t);
      this.icons.addChild(bg, t);
      bg.visible = t.visible = false;
    }
    // announcement banner and pinned comment
    this.bannerBg = this.slice(0.45);
    this.bannerText = this.text({ fontSize: 12, wordWrap: true, breakWords: true, wordWrapWidth: ROOM_W - 40, lineHeight: 17 });
    this.bannerText.position.set(12, 6);
    this.banner.addChild(this.bannerBg, this.bannerText);
    this.banner.position.set(8, 90);
    this.pinnedBg = this.slice(0.55, 0x6b3fa0);
    this.pinnedText = this.text({ fontSize: 12, wordWrap: true, breakWords: true, wordWrapWidth: ROOM_W - 40, lineHeight: 17 });
    this.pinnedText.position.set(12, 6);
    this.pinned.addChild(this.pinnedBg, this.pinnedText);
    // entrance notice and purchase ticker (left, above the comments)
    this.noticeBg = this.slice(0.5, 0x2b6cb0);
    this.noticeBg.height = 24;
    this.noticeText = this.text({ fontSize: 12 });
    this.noticeText.position.set(10, 4);
    this.noticeBox.addChild(this.noticeBg, this.noticeText);
    this.noticeBox.position.set(8, 368);
    this.tickerBg = this.slice(0.85, 0xff9f1c);
    this.tickerBg.height = 24;
    this.tickerText = this.text({ fontSize: 12, fontWeight: '600' });
    this.tickerText.position.set(10, 4);
    this.tickerBox.addChild(this.tickerBg, this.tickerText);
    this.tickerBox.position.set(8, 338);
    this.noticeBox.visible = this.tickerBox.visible = false;
    // status tag (degraded picture, microphone)
    this.statusBg = this.slice(0.8, 0x8a1c1c);
    this.statusBg.height = 24;
    this.statusText = this.text({ fontSize: 12, fontWeight: '600' });
    this.statusText.anchor.set(0.5);
    this.statusTag.addChild(this.statusBg, this.statusText);
    this.statusTag.position.set(ROOM_W / 2, 178);
    this.statusTag.visible = false;
    // bottom bar: comment input, shopping bag, like
    const input = this.slice(0.35);
    input.width = 200;
    input.height = 34;
    input.position.set(8, 598);
    this.inputHint = this.text({ fontSize: 13, fill: 0xcccccc });
    this.inputHint.position.set(20, 606);
    const bag = new Graphics().roundRect(232, 598, 40, 34, 10).fill(0xff9f1c).rect(242, 606, 20, 16).stroke({ color: 0xffffff, width: 2 });
    this.bagCount = this.text({ fontSize: 10, fontWeight: '700' });
    this.bagCount.anchor.set(0.5);
    this.bagCount.position.set(252, 614);
    const like = new Sprite(this.heartTex);
    like.tint = 0xfe2c55;
    like.anchor.set(0.5);
    like.position.set(326, 615);
    like.scale.set(0.9);
    const likeBg = new Graphics().circle(326, 615, 17).fill({ color: 0x000000, alpha: 0.35 });
    this.hud.addChild(hostBg, face, this.hostName, this.hostLikes, follow, followText, this.onlineBg, this.online, this.icons, this.banner, this.pinned, this.tickerBox, this.noticeBox, this.statusTag, input, this.inputHint, bag, this.bagCount, likeBg, like, this.card);
  }

  private buildCard(): void {
    const c = this.card;
    c.position.set(214, 396);
    const bg = this.slice(0.96, 0xffffff);
    bg.width = 138;
    bg.height = 192;
    const img = new Graphics().roundRect(8, 8, 122, 70, 8).fill(0xf6e7e3);
    this.cardNo = this.text({ fontSize: 26, fontWeight: '700', fill: 0xb4432f });
    this.cardNo.anchor.set(0.5);
    this.cardNo.position.set(69, 43);
    this.cardTag = this.text({ fontSize: 10, fill: 0xffffff, fontWeight: '600' });
    const tagBg = this.slice(1, 0xfe2c55);
    tagBg.width = 48;
    tagBg.height = 18;
    tagBg.position.set(10, 10);
    tagBg.label = 'tagBg';
    this.cardTag.position.set(15, 12);
    this.cardName = this.text({ fontSize: 12, fill: 0x1f2328, wordWrap: true, breakWords: true, wordWrapWidth: 122, lineHeight: 16 });
    this.cardName.position.set(8, 82);
    this.cardPrice = this.text({ fontSize: 20, fontWeight: '700', fill: 0xfe2c55 });
    this.cardPrice.position.set(8, 114);
    this.cardSub = this.text({ fontSize: 10, fill: 0x5d6470 });
    this.cardSub.position.set(8, 140);
    const btn = this.slice(1, 0xfe2c55);
    btn.width = 122;
    btn.height = 26;
    btn.position.set(8, 158);
    this.cardButton = this.text({ fontSize: 12, fontWeight: '700' });
    this.cardButton.anchor.set(0.5);
    this.cardButton.position.set(69, 171);
    c.addChild(bg, img, this.cardNo, tagBg, this.cardTag, this.cardName, this.cardPrice, this.cardSub, btn, this.cardButton);
    c.visible = false;
  }

  private buildPopup(): void {
    const p = this.popup;
    const bg = this.slice(0.97, 0xfff4e6);
    bg.width = 240;
    bg.height = 120;
    const band = this.slice(1, 0xfe2c55);
    band.width = 240;
    band.height = 36;
    this.popupTitle = this.text({ fontSize: 15, fontWeight: '700' });
    this.popupTitle.anchor.set(0.5);
    this.popupTitle.position.set(120, 18);
    this.popupBody = this.text({ fontSize: 14, fill: 0x1f2328, align: 'center', wordWrap: true, breakWords: true, wordWrapWidth: 220, lineHeight: 20 });
    this.popupBody.anchor.set(0.5);
    this.popupBody.position.set(120, 76);
    p.addChild(bg, band, this.popupTitle, this.popupBody);
    p.position.set(60, 250);
    p.visible = false;
    this.popupLayer.addChild(p);
  }

  private buildOverlay(): void {
    this.overlayBg.rect(0, 0, ROOM_W, ROOM_H).fill({ color: 0x000000, alpha: 0.62 });
    this.overlayTitle = this.text({ fontSize: 22, fontWeight: '700', align: 'center' });
    this.overlayTitle.anchor.set(0.5);
    this.overlayTitle.position.set(ROOM_W / 2, 300);
    this.overlaySub = this.text({ fontSize: 13, fill: 0xdddddd, align: 'center', wordWrap: true, breakWords: true, wordWrapWidth: 280 });
    this.overlaySub.anchor.set(0.5, 0);
    this.overlaySub.position.set(ROOM_W / 2, 330);
    this.spinner.arc(0, 0, 18, 0, Math.PI * 1.5).stroke({ color: 0xffffff, width: 4 });
    this.spinner.position.set(ROOM_W / 2, 250);
    this.overlay.addChild(this.overlayBg, this.spinner, this.overlayTitle, this.overlaySub);
    this.overlay.visible = false;
  }

  /** Texts that depend only on the language. */
  private staticTexts(): void {
    const t = this.opts.t;
    this.setText(this.hostName, t('room.hostName'));
    this.setText(this.inputHint, t('room.saySomething'));
    const follow = this.hud.getChildByLabel('follow') as Text | null;
    if (follow) follow.text = t('room.follow');
    this.layoutHostPill();
    const label = this.avatar.getChildByLabel('avatar-label') as Text | null;
    if (label) label.text = t('room.avatarNote');
    this.setText(this.cardButton, t('room.buyNow'));
  }

  /** The host pill grows with the name and the like count, the follow button with its word. */
  private layoutHostPill(): void {
    const follow = this.hud.getChildByLabel('follow') as Text | null;
    const followBg = this.hud.getChildByLabel('follow-bg') as NineSliceSprite | null;
    const hostBg = this.hud.getChildByLabel('host-bg') as NineSliceSprite | null;
    if (!follow || !followBg || !hostBg) return;
    const nameRight = 48 + Math.max(this.hostName.width, this.hostLikes.width) + 8;
    followBg.width = follow.width + 18;
    followBg.x = nameRight;
    follow.x = nameRight + followBg.width / 2;
    hostBg.width = nameRight + followBg.width + 6 - 8;
  }

  // ------------------------------------------------------------------ per frame

  frame(run: LiveRun, f: Frame): void {
    if (!this.ready) return;
    this.wall = f.wall;
    const sim = run.sim;
    const view = sim.view();
    const live = !run.paused;
    // Events older than a couple of seconds (after a hidden tab, a jump) are not animated.
    const fresh = sim.now - 3000;
    const newComments: CommentItem[] = [];
    for (const e of f.events) {
      if (e.type === 'comment') {
        if (!e.hidden) newComments.push(commentFromEvent(e));
      } else if (e.t >= fresh) this.onEvent(e, view);
    }
    for (const c of f.synthetic) newComments.push(c);
    this.queueComments(newComments);
    this.drawQueued();
    const dt = live ? Math.min(100, f.dtWall) : 0;
    this.updateHud(view, sim.log);
    this.updateCard(view);
    this.updateOverlay(view, f.wall);
    this.updateDanmaku(dt);
    this.updateHearts(f.wall, live ? 0 : f.dtWall, live);
    this.updateNotices(f.wall);
    if (this.popup.visible && f.wall > this.popupUntil) this.popup.visible = false;
    this.renderer.render(this.stage);
  }

  private onEvent(e: SimEvent, view: SimView): void {
    const t = this.opts.t;
    switch (e.type) {
      case 'audience.second':
        if (e.likes > 0) this.heartsDue += Math.min(12, Math.ceil(e.likes / 4));
        for (const id of e.joinedIds.slice(0, 2)) this.notice({ text: t('room.entered', { name: viewerName(id, view.lang) }), kind: 'enter' });
        break;
      case 'viewer.join':
        if (e.vip) this.notice({ text: t('room.vipEntered', { name: e.user, level: e.fanLevel ?? 1 }), kind: 'vip' });
        break;
      case 'product.click':
        if (this.tickers.length < 3) this.tickers.push(t('room.goingToBuy', { name: view.userName(e.viewer) }));
        break;
      case 'coupon.issued': {
        const c = view.coupons.find((x) => x.id === e.coupon);
        if (c) this.showPopup(t('room.couponTitle'), c.kind === 'live' ? t('room.couponLive', { discount: fmtYuan(c.discount) }) : t('room.couponThreshold', { threshold: fmtYuan(c.threshold), discount: fmtYuan(c.discount) }), 3000);
        break;
      }
      case 'redpacket.sent':
        this.showPopup(t('room.packetTitle'), t('room.packetBody', { total: fmtYuan(e.total), count: e.count }), 2500);
        break;
      case 'luckybag.launched':
        this.showPopup(t('room.bagTitle'), e.entry === 'follow' ? t('room.bagFollow', { prize: e.prize }) : t('room.bagComment', { prize: e.prize, keyword: e.keyword ?? '' }), 2500);
        break;
      case 'luckybag.drawn':
        this.showPopup(t('room.bagDrawnTitle'), t('room.bagDrawn', { count: e.winners.length }), 2500);
        break;
      case 'flashsale.started':
        this.showPopup(t('room.flashTitle'), t('room.flashStarted'), 1800);
        break;
      default:
        break;
    }
  }

  private showPopup(title: string, body: string, ms: number): void {
    this.setText(this.popupTitle, title);
    this.setText(this.popupBody, body);
    this.popup.visible = true;
    this.popupUntil = this.wall + ms;
  }

  private notice(n: Notice): void {
    if (n.kind === 'vip') this.notices.unshift(n);
    else this.notices.push(n);
    if (this.notices.length > 3) this.notices.length = 3;
  }

  // ------------------------------------------------------------------ comments

  private queueComments(items: CommentItem[]): void {
    if (items.length === 0) return;
    // Only the last few can be read anyway: the rest scroll past unseen, as in the real apps.
    for (const c of items) this.pendingRows.push(c);
    if (this.pendingRows.length > COMMENT_ROWS) this.pendingRows.splice(0, this.pendingRows.length - COMMENT_ROWS);
    if (this.opts.danmaku) {
      for (const c of items) this.pendingDanmaku.push(c);
      if (this.pendingDanmaku.length > 4) this.pendingDanmaku.splice(0, this.pendingDanmaku.length - 4);
    }
  }

  /** At most one new comment row and one danmaku per frame: the text drawing per frame stays flat at any comment rate. */
  private drawQueued(): void {
    const c = this.pendingRows.shift();
    if (c) this.pushComments([c]);
    const d = this.pendingDanmaku.shift();
    if (d) this.launchDanmaku(d);
  }

  private pushComments(items: CommentItem[]): void {
    for (const c of items) {
      const row = this.rows.length >= COMMENT_ROWS ? this.rows.shift()! : this.rowPool.get();
      row.id = c.id;
      const s = `${c.user}：${c.text.length > 48 ? c.text.slice(0, 47) + '…' : c.text}`;
      if (row.text.text !== s) row.text.text = s;
      row.bg.width = Math.min(COMMENT_W, row.text.width + 16);
      row.bg.height = row.text.height + 8;
      row.bg.tint = c.kind === 'question' ? 0x1d3b5e : 0x000000;
      if (!row.box.parent) this.commentLayer.addChild(row.box);
      this.rows.push(row);
    }
    let y = COMMENT_BOTTOM;
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const r = this.rows[i];
      y -= r.bg.height + 4;
      r.box.position.set(8, y);
      r.box.alpha = y < 420 ? Math.max(0.15, 1 - (420 - y) / 40) : 1;
    }
  }

  // ------------------------------------------------------------------ danmaku

  private launchDanmaku(c: CommentItem): void {
    // Lanes avoid overlap; when every lane is busy the comment is dropped, as danmaku players do.
    let lane = -1;
    for (let i = 0; i < DANMAKU_LANES; i++) {
      if (this.laneFree[i] <= ROOM_W - 24) {
        lane = i;
        break;
      }
    }
    if (lane < 0 || this.flyers.length >= 40) {
      this.danmakuDropped++;
      return;
    }
    const text = this.flyerPool.get();
    const s = c.text.length > 30 ? c.text.slice(0, 29) + '…' : c.text;
    if (text.text !== s) text.text = s;
    const x = ROOM_W + 4;
    text.position.set(x, DANMAKU_TOP + lane * DANMAKU_LANE_H);
    text.alpha = 0.92;
    this.danmakuLayer.addChild(text);
    const speed = (ROOM_W + text.width) / DANMAKU_MS;
    this.flyers.push({ text, x, lane, speed });
    this.laneFree[lane] = x + text.width;
  }

  private updateDanmaku(dt: number): void {
    for (let i = 0; i < DANMAKU_LANES; i++) this.laneFree[i] = 0;
    let w = 0;
    for (let i = 0; i < this.flyers.length; i++) {
      const f = this.flyers[i];
      f.x -= f.speed * dt;
      const right = f.x + f.text.width;
      if (right < 0) {
        this.danmakuLayer.removeChild(f.text);
        this.flyerPool.release(f.text);
        continue;
      }
      f.text.x = f.x;
      if (right > this.laneFree[f.lane]) this.laneFree[f.lane] = right;
      this.flyers[w++] = f;
    }
    this.flyers.length = w;
  }

  private clearDanmaku(): void {
    for (const f of this.flyers) {
      this.danmakuLayer.removeChild(f.text);
      this.flyerPool.release(f.text);
    }
    this.flyers.length = 0;
  }

  // ------------------------------------------------------------------ hearts

  /** `frozen`: wall time to hold the hearts still for (the run is paused). */
  private updateHearts(wall: number, frozen: number, live: boolean): void {
    if (live && this.heartsDue > 0 && this.hearts.length < MAX_HEARTS && Math.random() < 0.25) {
      this.heartsDue--;
      const s = this.heartPool.get();
      s.tint = HEART_COLORS[Math.floor(Math.random() * HEART_COLORS.length)];
      this.heartLayer.addChild(s);
      this.hearts.push({ sprite: s, born: wall, x0: 326 + (Math.random() - 0.5) * 10, sway: 8 + Math.random() * 14 });
    }
    let w = 0;
    for (let i = 0; i < this.hearts.length; i++) {
      const h = this.hearts[i];
      h.born += frozen;
      const k = (wall - h.born) / HEART_MS;
      if (k >= 1) {
        this.heartLayer.removeChild(h.sprite);
        this.heartPool.release(h.sprite);
        continue;
      }
      h.sprite.position.set(h.x0 + Math.sin(k * Math.PI * 2) * h.sway, 600 - k * 210);
      h.sprite.scale.set(0.5 + Math.min(k * 4, 1) * 0.45);
      h.sprite.alpha = k > 0.7 ? (1 - k) / 0.3 : 1;
      this.hearts[w++] = h;
    }
    this.hearts.length = w;
    if (this.heartsDue > 30) this.heartsDue = 30;
  }

  // ------------------------------------------------------------------ notices

  private updateNotices(wall: number): void {
    if (wall > this.noticeUntil) {
      const n = this.notices.shift();
      if (n) {
        this.setText(this.noticeText, n.text);
        this.noticeBg.width = this.noticeText.width + 20;
        this.noticeBg.tint = n.kind === 'vip' ? 0xb7791f : 0x2b6cb0;
        this.noticeBox.visible = true;
        this.noticeUntil = wall + (n.kind === 'vip' ? 2200 : 1200);
      } else this.noticeBox.visible = false;
    }
    if (wall > this.tickerUntil) {
      const s = this.tickers.shift();
      if (s) {
        this.setText(this.tickerText, s);
        this.tickerBg.width = this.tickerText.width + 20;
        this.tickerBox.visible = true;
        this.tickerUntil = wall + 1500;
      } else this.tickerBox.visible = false;
    }
  }

  // ------------------------------------------------------------------ hud

  private updateHud(v: SimView, log: readonly SimEvent[]): void {
    const t = this.opts.t;
    if (this.setText(this.online, t('room.online', { count: v.online }))) {
      this.onlineBg.width = this.online.width + 22;
      this.onlineBg.position.set(ROOM_W - 8 - this.onlineBg.width, 16);
    }
    if (this.setText(this.hostLikes, t('room.likes', { count: v.likes }))) this.layoutHostPill();
    this.setText(this.bagCount, String(v.products.filter((p) => p.listed).length));
    // activity icons
    const items: string[] = [];
    if (v.luckyBag) items.push(t('room.bagIcon', { time: mmss(v.luckyBag.drawAt - v.now) }));
    else items.push('');
    items.push(v.redPacket ? t('room.packetIcon', { left: v.redPacket.count - v.redPacket.grabbed }) : '');
    let coupon = '';
    for (const c of v.coupons) if (c.open) coupon = t('room.couponIcon', { time: mmss(c.issuedUntil - v.now) });
    items.push(coupon);
    let x = 0;
    for (let i = 0; i < 3; i++) {
      const on = items[i] !== '';
      this.iconBgs[i].visible = this.iconTexts[i].visible = on;
      if (!on) continue;
      this.setText(this.iconTexts[i], items[i]);
      this.iconBgs[i].width = Math.max(56, this.iconTexts[i].width + 14);
      this.iconBgs[i].x = x;
      this.iconTexts[i].x = x + this.iconBgs[i].width / 2;
      x += this.iconBgs[i].width + 6;
    }
    // announcement, then the pinned comment under it
    let y = 90;
    if (v.announcement) {
      this.setText(this.bannerText, `${t('room.noticePrefix')}${v.announcement}`);
      this.bannerBg.width = Math.min(ROOM_W - 16, this.bannerText.width + 24);
      this.bannerBg.height = this.bannerText.height + 12;
      this.banner.visible = true;
      this.banner.y = y;
      y += this.bannerBg.height + 6;
    } else this.banner.visible = false;
    const pin = v.pinned >= 0 ? log[v.pinned] : undefined;
    if (pin && pin.type === 'comment') {
      this.setText(this.pinnedText, `${t('room.pinnedPrefix')}${pin.user}：${pin.text}`);
      this.pinnedBg.width = Math.min(ROOM_W - 16, this.pinnedText.width + 24);
      this.pinnedBg.height = this.pinnedText.height + 12;
      this.pinned.visible = true;
      this.pinned.position.set(8, y);
    } else this.pinned.visible = false;
    // status tag
    const tag = v.status === 'live' ? (v.micDown ? t('room.micDown') : v.quality === 'degraded' ? t('room.degraded') : '') : '';
    this.statusTag.visible = tag !== '';
    if (tag && this.setText(this.statusText, tag)) {
      this.statusBg.width = this.statusText.width + 20;
      this.statusBg.position.set(-this.statusBg.width / 2, -12);
    }
  }

  private updateCard(v: SimView): void {
    const t = this.opts.t;
    const i = v.card;
    if (i < 0 || !v.products[i].listed) {
      this.card.visible = false;
      this.cardProduct = -1;
      return;
    }
    const p = v.products[i];
    const sp = p;
    if (this.cardProduct !== i || this.cardShownAt !== v.cardAt) {
      this.cardProduct = i;
      this.cardShownAt = v.cardAt;
      this.card.scale.set(0.85);
    }
    const s = this.card.scale.x;
    if (s < 1) this.card.scale.set(Math.min(1, s + 0.03));
    this.card.visible = true;
    this.setText(this.cardNo, String(sp.no));
    this.setText(this.cardName, this.opts.lang.startsWith('en') ? sp.name.en : sp.name.zh);
    const f = v.flash && v.flash.index === i ? v.flash : null;
    const price = f && f.started ? f.price : p.price;
    this.setText(this.cardPrice, `¥${fmtYuan(price)}`);
    let sub: string;
    if (p.soldOut) sub = t('room.soldOut');
    else if (f && !f.started) sub = t('room.flashIn', { time: mmss(f.startsMs - v.now), price: fmtYuan(f.price) });
    else if (f) sub = t('room.flashLeft', { time: mmss(f.endsMs - v.now), left: f.quantity - f.sold });
    else sub = t('room.stockLeft', { count: p.stock });
    this.setText(this.cardSub, sub);
    this.setText(this.cardTag, v.explaining === i ? t('room.explaining') : t('room.linkNo', { no: sp.no }));
  }

  private updateOverlay(v: SimView, wall: number): void {
    const t = this.opts.t;
    if (v.status === 'interrupted') {
      this.overlay.visible = true;
      this.spinner.visible = true;
      this.spinner.rotation = (wall / 160) % (Math.PI * 2);
      this.setText(this.overlayTitle, t('room.networkError'));
      this.setText(this.overlaySub, t('room.reconnecting'));
    } else if (v.status === 'ended') {
      this.overlay.visible = true;
      this.spinner.visible = false;
      this.setText(this.overlayTitle, t('room.ended'));
      this.setText(this.overlaySub, '');
    } else this.overlay.visible = false;
  }
}

const HEART_COLORS = [0xfe2c55, 0xff9f1c, 0xf72585, 0x4cc9f0, 0xffd166, 0x06d6a0];

function fmtYuan(fen: number): string {
  const v = fen / 100;
  return Number.isInteger(v) ? String(v) : v.toFixed(fen % 10 === 0 ? 1 : 2);
}

function mmss(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function lerpColor(a: number, b: number, k: number): number {
  const ch = (c: number, s: number) => (c >> s) & 0xff;
  const mix = (s: number) => Math.round(ch(a, s) + (ch(b, s) - ch(a, s)) * k);
  return (mix(16) << 16) | (mix(8) << 8) | mix(0);
}
