/**
 * The shipped rubrics, as data files. Each is validated by ../rubric.ts when first used;
 * its id must equal its file name. To add a rubric, add its JSON file here.
 */
import imktL5 from './imkt-l5-live-selling.json' with { type: 'json' };
import imktL4 from './imkt-l4-live-selling.json' with { type: 'json' };
import imktL5Rehearsal from './imkt-l5-rehearsal.json' with { type: 'json' };
import imktL4Rehearsal from './imkt-l4-rehearsal.json' with { type: 'json' };
import imktL3Rehearsal from './imkt-l3-rehearsal.json' with { type: 'json' };
import imktL3 from './imkt-l3-live-selling.json' with { type: 'json' };
import platformL5 from './imkt-platform-l5.json' with { type: 'json' };
import primary from './1x-primary-live-ops.json' with { type: 'json' };
import intermediate from './1x-intermediate-live-selling.json' with { type: 'json' };
import advanced from './1x-advanced-live-selling.json' with { type: 'json' };

export const RUBRIC_FILES: { file: string; data: unknown }[] = [
  { file: 'src/scoring/rubrics/imkt-l5-live-selling.json', data: imktL5 },
  { file: 'src/scoring/rubrics/imkt-l5-rehearsal.json', data: imktL5Rehearsal },
  { file: 'src/scoring/rubrics/imkt-l4-live-selling.json', data: imktL4 },
  { file: 'src/scoring/rubrics/imkt-l4-rehearsal.json', data: imktL4Rehearsal },
  { file: 'src/scoring/rubrics/imkt-l3-live-selling.json', data: imktL3 },
  { file: 'src/scoring/rubrics/imkt-l3-rehearsal.json', data: imktL3Rehearsal },
  { file: 'src/scoring/rubrics/imkt-platform-l5.json', data: platformL5 },
  { file: 'src/scoring/rubrics/1x-primary-live-ops.json', data: primary },
  { file: 'src/scoring/rubrics/1x-intermediate-live-selling.json', data: intermediate },
  { file: 'src/scoring/rubrics/1x-advanced-live-selling.json', data: advanced },
];
