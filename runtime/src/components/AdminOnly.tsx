import type { ReactNode } from 'react';
import { useSession } from '../session/SessionProvider.tsx';

/**
 * The guard of every /admin page: admins get the page, anyone else the page's own refusal. The page's
 * content is a child component so that it loads nothing for someone it would refuse.
 */
export function AdminOnly({ refusal, children }: { refusal: string; children: ReactNode }) {
  const { state } = useSession();
  if (state.status === 'signedIn' && state.user.role === 'admin') return children;
  return (
    <main className="fl-main">
      <div className="fl-alert fl-alert--error" role="alert">
        {refusal}
      </div>
    </main>
  );
}
