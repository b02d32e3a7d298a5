import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from './history.ts';
import { matchPath, resolveRoute } from './match.ts';
import { Link, Router, useLocation } from './Router.tsx';

describe('matchPath', () => {
  it('captures decoded params and requires the same number of segments', () => {
    expect(matchPath('/f/:formId', '/f/abc')).toEqual({ formId: 'abc' });
    expect(matchPath('/f/:formId', '/f/a%20b/')).toEqual({ formId: 'a b' });
    expect(matchPath('/f/:formId', '/f/abc/submissions')).toBeNull();
    expect(matchPath('/f/:formId/submissions', '/f/abc/submissions')).toEqual({ formId: 'abc' });
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/templates', '/template')).toBeNull();
    expect(matchPath('/f/:formId', '/f/%E0%A4%A')).toBeNull(); // malformed escape is no match, not a crash
  });

  it('resolveRoute picks the first matching route', () => {
    const routes = [
      { path: '/f/:formId', value: 'fill' },
      { path: '/f/:formId/submissions', value: 'subs' },
    ];
    expect(resolveRoute(routes, '/f/x/submissions')).toMatchObject({ route: { value: 'subs' }, params: { formId: 'x' } });
    expect(resolveRoute(routes, '/nope')).toBeNull();
  });
});

function Where() {
  const { pathname, search } = useLocation();
  return <p data-testid="where">{pathname + search}</p>;
}

describe('<Router> and <Link>', () => {
  it('navigates in-app on a plain click and follows history changes', async () => {
    const history = createMemoryHistory('/');
    render(
      <Router history={history}>
        <Link to="/apps/a1?tab=forms">Go</Link>
        <Where />
      </Router>,
    );
    expect(screen.getByTestId('where').textContent).toBe('/');
    expect(screen.getByRole('link', { name: 'Go' }).getAttribute('href')).toBe('/apps/a1?tab=forms');
    await userEvent.click(screen.getByRole('link', { name: 'Go' }));
    expect(screen.getByTestId('where').textContent).toBe('/apps/a1?tab=forms');
    expect(history.entries).toHaveLength(2);
    act(() => history.replace('/login'));
    expect(screen.getByTestId('where').textContent).toBe('/login');
    expect(history.entries).toHaveLength(2);
  });

  it('leaves modified clicks (new tab) to the browser', async () => {
    const history = createMemoryHistory('/');
    render(
      <Router history={history}>
        <Link to="/templates">T</Link>
      </Router>,
    );
    const link = screen.getByRole('link', { name: 'T' });
    // After React has seen it, stop jsdom from attempting a real navigation.
    window.addEventListener('click', (e) => e.preventDefault(), { once: true });
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true }));
    expect(history.entries).toHaveLength(1);
  });
});
