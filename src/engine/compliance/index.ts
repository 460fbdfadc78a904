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
