export { reply, replyConfigSchema, type ReplyConfig, type ReplyEnricher } from './enricher.ts';
export { questionOrComplaint, COMPLAINT_SCORE } from './detect.ts';
