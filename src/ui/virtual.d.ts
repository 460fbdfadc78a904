declare module 'virtual:livesim-scenarios' {
  import type { LoadResult } from '../engine/scenario/load';
  const entries: { file: string; result: LoadResult }[];
  export default entries;
}
