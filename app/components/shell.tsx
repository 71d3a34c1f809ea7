import { Form, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "~/i18n/languages";
import type { RootData } from "~/root";

export function LanguageSwitcher({ current }: { current: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/settings/language" className="language-switcher">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select">{t("language.label")}</label>
      <select id="language-select" name="language" defaultValue={current}>
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`language.${lng}`)}
          </option>
        ))}
      </select>
      <button type="submit">{t("language.change")}</button>
    </Form>
  );
}

export function Shell({ root, children }: { root: RootData; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t("app.name")}</span>
          <span className="brand-tagline">{t("app.tagline")}</span>
        </div>
        <div className="topbar-tools">
          <LanguageSwitcher current={root.language} />
          {root.user ? (
            <Form method="post" action="/logout">
              <span className="who">
                {root.user.displayName} · {t(`role.${root.user.role}`)}
              </span>{" "}
              <button type="submit">{t("nav.logout")}</button>
            </Form>
          ) : null}
        </div>
      </header>
      <div className="layout">
        {root.user ? (
          <nav aria-label={t("nav.label")} className="sidenav" data-role={root.user.role}>
            <ul>
              {root.nav.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} data-nav={item.routeId}>
                    {t(item.labelKey)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}
