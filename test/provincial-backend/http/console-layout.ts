// The console's page frame: language, title, skip link, header with the signed-in user and a
// logout form, and the one stylesheet (no inline styles or scripts: the CSP forbids them).
import type { ConsoleSession } from './sessions';
import { bilingual, html, type Html } from './html';

export const roleLabels = {
  'unit-admin': { zh: '单位证书管理员', en: 'Unit certificate administrator' },
  'info-centre': { zh: '信息中心审批人', en: 'Information centre approver' },
  'ca-operator': { zh: 'CA操作员', en: 'CA operator' },
} as const;

export function page(title: { zh: string; en: string }, session: ConsoleSession | null, body: Html): Html {
  const role = session && roleLabels[session.user.role];
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title.zh} ${title.en} — 证书管理后台</title>
        <link rel="stylesheet" href="/console/styles.css" />
      </head>
      <body>
        <a class="skip" href="#main">跳到正文 <span lang="en">Skip to content</span></a>
        <header>
          <p class="brand">医钥参考后台 <span lang="en">YiKey reference provincial backend</span></p>
          ${
            session
              ? html`<p class="whoami">
                    ${session.user.displayName}（${role!.zh} <span lang="en">${role!.en}</span>）
                  </p>
                  <form method="post" action="/console/logout">
                    ${csrfField(session)}<button type="submit">${bilingual('退出', 'Log out')}</button>
                  </form>`
              : ''
          }
        </header>
        <main id="main">
          <h1>${bilingual(title.zh, title.en)}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}

export const csrfField = (session: ConsoleSession): Html =>
  html`<input type="hidden" name="csrf" value="${session.csrfToken}" />`;

export const consoleStyles = `
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1a1a1a; background: #f6f7f9; line-height: 1.5; }
header { display: flex; gap: 1rem; align-items: center; padding: 0.5rem 1.5rem; background: #0b4f8a; color: #fff; }
header .brand { font-weight: bold; margin-right: auto; }
header button { background: #fff; color: #0b4f8a; }
main { padding: 1rem 1.5rem 3rem; max-width: 80rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #c8ccd2; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e8ecf1; }
button { font: inherit; padding: 0.25rem 0.75rem; border: 1px solid #0b4f8a; background: #0b4f8a; color: #fff; border-radius: 3px; cursor: pointer; }
button.secondary { background: #fff; color: #0b4f8a; }
button.danger { background: #a4161a; border-color: #a4161a; }
input, select { font: inherit; padding: 0.2rem 0.4rem; border: 1px solid #6b7280; border-radius: 3px; }
form.inline { display: inline-flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; margin: 0.15rem 0; }
label { font-weight: 600; }
.notice { padding: 0.5rem 0.75rem; border-left: 4px solid #0b4f8a; background: #e7f0fa; }
.error { padding: 0.5rem 0.75rem; border-left: 4px solid #a4161a; background: #fbeaea; }
.code { font-family: monospace; font-size: 1.6rem; letter-spacing: 0.15rem; }
.status-expiring { color: #8a4b00; font-weight: 600; } .status-expired, .status-revoked { color: #a4161a; font-weight: 600; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 0.5rem; top: 0.5rem; background: #fff; color: #0b4f8a; padding: 0.25rem; }
a { color: #0b4f8a; } header a, header p { color: #fff; margin: 0; }
fieldset { border: 1px solid #c8ccd2; background: #fff; margin-top: 0.5rem; }
`;
