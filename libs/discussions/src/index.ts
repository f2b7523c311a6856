export * from './discussions.module.js';
export * from './discussions.errors.js';
export * from './discussions.service.js';
export * from './messages/messages.service.js';
export { answerPosted, ApiPostedMessage } from './messages/posted-answer.js';
export * from './threads/threads.service.js';
export * from './threads/thread.entity.js';
export { MessageDto, PostMessageDto, MAX_MESSAGE_LENGTH } from './messages/dto/message.dto.js';
export { discussionsMigrations } from './migrations/index.js';
