export { diagnoseInput, diagnosePod, isRejection, ANALYZERS, type DiagnosisOutcome, type PodBundleRejection } from './diagnose';
export { parsePodBundle, PodBundleError, containerNames, type PodBundle, type ParsedBundle } from './bundle';
export { errorLines, classifyLogLine, type LogErrorKind, type LogErrorLine } from './log-lines';
export type { PodDiagnosis, PodDiagnosisCategory } from './types';
