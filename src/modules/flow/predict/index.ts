/** Public surface of wait-time prediction (pure; see predictor.ts for the model). */
export { WaitPredictor, type Prediction, type PredictorOptions } from './predictor.ts';
export { evaluateRollingOrigin, weekdayHourMeans, type EvaluationResult } from './evaluate.ts';
export { HolidayCalendar, holidaysOfYear, type Holiday, type HolidayRegion } from './holidays.ts';
