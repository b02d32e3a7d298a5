import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lacks these; the app calls them after navigating and when focusing a server-rejected field.
window.scrollTo = () => {};
Element.prototype.scrollIntoView = function scrollIntoView() {};

// findBy*/waitFor give up after 1 s by default; a first form render alone can take that on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  document.documentElement.lang = '';
});
