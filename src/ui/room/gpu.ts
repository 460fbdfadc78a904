/**
 * Which renderer suits this machine. With a GPU, WebGL. Without one (software GL such as
 * SwiftShader or llvmpipe: school PCs without drivers, virtual machines, headless CI), a WebGL
 * canvas must be read back every frame to be composited, which costs more than drawing the
 * room with Canvas 2D in the first place.
 */
let cached: 'webgl' | 'canvas' | null = null;

export function preferredRenderer(): 'webgl' | 'canvas' {
  if (cached) return cached;
  cached = 'webgl';
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) cached = 'canvas';
    else {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      if (/swiftshader|llvmpipe|softpipe|software|basic render/i.test(name)) cached = 'canvas';
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    cached = 'canvas';
  }
  return cached;
}
