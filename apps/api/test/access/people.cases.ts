import type { AccessCaseFile } from './access-case.ts';

// Looking people up to mention them is for people who can write (mention-candidates.test.ts).
export const peopleCases: AccessCaseFile = {
  cases: [
    {
      name: 'mention candidates',
      method: 'GET',
      route: '/api/people/mention-candidates',
      url: () => '/api/people/mention-candidates?q=cu',
      access: { action: 'people.mention' },
      success: 200,
    },
  ],
};
