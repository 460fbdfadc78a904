/**
 * livesim scoring: competency catalogue, rubrics as versioned data, evidence-based
 * criteria evaluated from the event log, score reports and the review quiz.
 *
 * Pure TypeScript: it reads the event log and the scenario definition only (never the
 * engine's internal state), and uses no clock, DOM or randomness.
 *
 *   const report = scoreRun(scenario, sim.log);            // the scenario's own rubric
 *   const quiz = reviewQuiz(scenario, sim.log);
 *   checkQuizAnswer(quiz[0], '173');
 */
export { drillFocus, DRILL_FOCUS_WEIGHT, scoreRun, verdictSentence, type ScoreOptions } from './score';
export { reviewQuiz, checkQuizAnswer, gradeQuiz, unanswered, DROP_CAUSES, type QuizGrade, type QuizQuestion, type QuizCheck, type QuizKind, type QuizChoice } from './quiz';
export { loadRubric, rubricIds, parseRubric, coverage, type Rubric, type CoverageRow } from './rubric';
export { catalogue, clauseEntry, clauseLabel, parseCatalogue, type Catalogue, type CatalogueEntry } from './catalogue';
export { CRITERIA, CRITERION_IDS } from './criteria';
export { DataFileError } from './data-error';
export { logMetrics, type LogMetrics } from './metrics';
export { RunIndex } from './run-index';
export { lastRehearsal, type RehearsedPart } from './criteria/rehearsal';
export type * from './types';
