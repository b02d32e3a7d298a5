/**
 * What other apps on the site (the designer) reuse from the runtime: the API client and session,
 * the router, i18n and the language switch, page states, the base styles (`@formloom/runtime/styles.css`)
 * and — so a preview is exactly what people will fill — the form renderer itself.
 */
export { createHttpClient, type ApiClient, type HttpApiClient, type Method } from './api/client.ts';
export { ApiError, NetworkError, isApiError } from './api/errors.ts';
export type { App, Form, FormVersion, Submission, User } from './api/types.ts';
export { ApiProvider, useApi } from './api/ApiContext.tsx';
export { SessionProvider, useSession, canBuild } from './session/SessionProvider.tsx';
export { Router, Link, Navigate, useLocation, useNavigate } from './router/Router.tsx';
export { createBrowserHistory, createMemoryHistory, type RouterHistory } from './router/history.ts';
export { resolveRoute, matchPath, type Route, type RouteParams } from './router/match.ts';
export { createI18n } from './i18n/createI18n.ts';
export { initialLocale, type Locale } from './i18n/locale.ts';
export { LocaleProvider, useLocale } from './i18n/LocaleProvider.tsx';
export { LanguageSwitch, UserBadge } from './components/Header.tsx';
export { Loading, ErrorState, EmptyState } from './components/States.tsx';
export { useAsync } from './components/useAsync.ts';
export { FormKitProvider, useFormKitLoader, once, type FormKit, type FormKitLoader } from './form/FormKit.tsx';
export { FormRenderer, type FormRendererProps } from './form/FormRenderer.tsx';
export { UserPicker, type UserPickerProps } from './components/pickers/UserPicker.tsx';
export { DepartmentPicker, type DepartmentPickerProps } from './components/pickers/DepartmentPicker.tsx';
export { PositionPicker, type PositionPickerProps } from './components/pickers/PositionPicker.tsx';
