export { answerOf, firstAnswer, isEarlier, responseFor, type Answer, type Response } from './answer.ts';
export { AnswerStore } from './store.ts';
