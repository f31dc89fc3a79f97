export { answerOf, firstAnswer, isEarlier, responseFor, type Answer, type Response } from '../../core/answer.ts';
export { AnswerStore } from './store.ts';
