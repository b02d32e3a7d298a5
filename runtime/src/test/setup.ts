import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lacks these; the app calls them after navigating and when focusing a server-rejected field.
window.scrollTo = () => {};
Element.prototype.scrollIntoView = function scrollIntoView() {};

afterEach(() => {
  cleanup();
  document.documentElement.lang = '';
});
