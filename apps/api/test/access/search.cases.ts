import type { AccessCaseFile } from './access-case.ts';

// Searching is reading: everyone may search, and sees only what they may read (search.test.ts).
export const searchCases: AccessCaseFile = {
  cases: [
    {
      name: 'search',
      method: 'GET',
      route: '/api/search',
      url: () => '/api/search?q=export',
      access: { action: 'board.read' },
      success: 200,
    },
    {
      name: 'similar questions',
      method: 'GET',
      route: '/api/search/similar-questions',
      url: () => '/api/search/similar-questions?title=export%20reports',
      access: { action: 'board.read' },
      success: 200,
    },
  ],
};
