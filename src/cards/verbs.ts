/**
 * Every verb a card action may carry. Card templates write these strings; the verb table
 * registers handlers under these constants; a test checks that both agree.
 */
export const VERBS = Object.freeze({
  showHelp: 'help.show',
  answerPoll: 'poll.answer',
  viewPoll: 'poll.view',
  closePoll: 'poll.close',
  pollStatus: 'poll.status',
  recallPoll: 'poll.recall',
  exportPoll: 'poll.export',
  showProfile: 'profile.show',
  saveProfile: 'profile.save',
} as const);

export type Verb = (typeof VERBS)[keyof typeof VERBS];
