// The engine's entry to the checker. Explanations (rule, reason, suggestion) are deliberately not
// exported here: they are in ./explain (with lexicon-text.json), imported only where text is shown,
// so the engine — and the live room's JavaScript — does not carry them.
export {
  analyzeCompliance,
  checkCompliance,
  lexiconEntries,
  LEXICON_VERSION,
  type Bilingual,
  type ComplianceCategory,
  type ComplianceClass,
  type ComplianceContext,
  type ComplianceExemption,
  type ComplianceFinding,
  type ComplianceReport,
  type LexiconEntry,
} from './check';
export { normalizeText, foldForOffPlatform, type NormalizedText, type FoldedText } from './normalize';
export { parseLexicon, COMPLIANCE_CATEGORIES, COMPLIANCE_CLASSES } from './lexicon.schema';
