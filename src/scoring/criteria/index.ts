/**
 * The criterion registry: every criterion defined once (like the engine's action
 * registry), referred to by id from the rubrics, parameterised by them.
 */
import type { CriterionDef } from './define';
import { consoleAccuracy } from './accuracy';
import { cardPushSync, errorCorrection, hostCues, stockControl, streamRecovery } from './console';
import { compliance } from './compliance';
import { planProducts, productScriptFlow, segmentPace } from './plan';
import { flowPlan, marketingFlow, rehearsalFollow, rehearsalImprovement, scriptCompliance, scriptElements, teamDivision, teamScript } from './rehearsal';
import { reviewQuizCriterion } from './review';
import { greetAndFollow, likesAndShares, negativeComments, questionsAnswered, realtimeAdjustment } from './room';
import { couponUse, fabThenAsk, outcomes, pricesTruthful, realUrgency, welfareTools } from './selling';

export const CRITERIA: Record<string, CriterionDef> = Object.fromEntries(
  [
    fabThenAsk,
    cardPushSync,
    planProducts,
    productScriptFlow,
    segmentPace,
    questionsAnswered,
    negativeComments,
    greetAndFollow,
    likesAndShares,
    couponUse,
    welfareTools,
    realUrgency,
    pricesTruthful,
    stockControl,
    streamRecovery,
    errorCorrection,
    hostCues,
    consoleAccuracy,
    realtimeAdjustment,
    compliance,
    outcomes,
    reviewQuizCriterion,
    scriptElements,
    scriptCompliance,
    flowPlan,
    rehearsalFollow,
    teamScript,
    marketingFlow,
    teamDivision,
    rehearsalImprovement,
  ].map((c) => [c.id, c as unknown as CriterionDef]),
);

export const CRITERION_IDS = Object.keys(CRITERIA);

export { type CriterionDef, type EvalContext } from './define';
