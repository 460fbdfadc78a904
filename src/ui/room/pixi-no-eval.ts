/** pixi's eval-free shader and uniform code (the page's CSP has no 'unsafe-eval'): loaded before a WebGL or WebGPU renderer is made. */
import 'pixi.js/unsafe-eval';

export {};
