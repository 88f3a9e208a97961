// The console's routes. Every POST needs a session and its CSRF token (checked before the form
// is acted on), and the service checks role and unit again; a refusal is shown, never hidden.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { BackendRefusal, consoleActor, type BackendService } from '../workflow/backend-service';
import { authorisationCodePage, dashboardPage, loginPage, requestPage } from './console-pages';
import { consoleStyles } from './console-layout';
import { bilingual, html, type Html } from './html';
import { readBody, sendHtml, sendText, redirect } from './http-replies';
import { clearedSessionCookie, csrfMatches, sessionCookie, Sessions, type ConsoleSession } from './sessions';

const maxFormBytes = 16 * 1024;

const notices: Record<string, Html> = {
  approved: bilingual('已批准。', 'Approved.'),
  rejected: bilingual('已驳回，理由已记录。', 'Rejected; the reason is recorded.'),
  renewals: bilingual(
    '已为所选持有人申请续期，等待信息中心审批。',
    'Renewal requested for the selected holders; awaiting the information centre.',
  ),
  revoked: bilingual('证书已注销，CRL已更新。', 'Certificate revoked; the CRL is updated.'),
};

export class ConsoleRoutes {
  private readonly sessions: Sessions;

  constructor(private readonly service: BackendService) {
    this.sessions = new Sessions(service.db, service.people);
  }

  /** Handles the request if it is the console's; returns false otherwise. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const { pathname } = url;
    if (!pathname.startsWith('/console')) return false;
    if (request.method === 'GET' && pathname === '/console/styles.css') {
      sendText(response, 200, consoleStyles, 'text/css; charset=utf-8');
      return true;
    }
    if (pathname === '/console/login') {
      if (request.method === 'GET') sendHtml(response, 200, loginPage(false));
      else await this.login(request, response);
      return true;
    }
    const session = this.sessions.fromRequest(request);
    if (!session) {
      if (request.method === 'GET') redirect(response, '/console/login');
      else sendHtml(response, 401, loginPage(false));
      return true;
    }
    if (request.method === 'GET') return this.get(response, session, url);
    if (request.method !== 'POST') return false;
    const form = await readBody(request, maxFormBytes).then(
      (body) => new URLSearchParams(body.toString('utf8')),
    );
    if (!csrfMatches(session, form.get('csrf'))) {
      sendText(
        response,
        403,
        '表单已过期，请刷新页面后重试。 The form has expired: reload the page and try again.',
      );
      return true;
    }
    try {
      await this.post(response, session, pathname, form);
    } catch (error) {
      if (!(error instanceof BackendRefusal)) throw error;
      const message = html`${bilingual('操作未执行：', 'Not done: ')}${error.message}`;
      sendHtml(response, 409, dashboardPage(this.service, session, null, message));
    }
    return true;
  }

  private get(response: ServerResponse, session: ConsoleSession, url: URL): boolean {
    if (url.pathname === '/console' || url.pathname === '/console/') {
      const notice = notices[url.searchParams.get('done') ?? ''] ?? null;
      sendHtml(response, 200, dashboardPage(this.service, session, notice));
      return true;
    }
    const match = /^\/console\/requests\/(\d{1,9})$/.exec(url.pathname);
    const record = match && this.service.requests.byId(Number(match[1]));
    if (!record) return false;
    if (session.user.role === 'unit-admin' && record.unitId !== session.user.unitId) return false;
    sendHtml(response, 200, requestPage(this.service, session, record));
    return true;
  }

  private async post(
    response: ServerResponse,
    session: ConsoleSession,
    pathname: string,
    form: URLSearchParams,
  ): Promise<void> {
    const actor = consoleActor(session.user);
    const review = /^\/console\/requests\/(\d{1,9})\/(approve|reject)$/.exec(pathname);
    if (review) {
      const id = Number(review[1]);
      if (review[2] === 'approve') this.service.approve(id, actor, (form.get('comment') ?? '').slice(0, 500));
      else this.service.reject(id, actor, (form.get('reason') ?? '').slice(0, 500));
      return redirect(response, `/console?done=${review[2] === 'approve' ? 'approved' : 'rejected'}`);
    }
    if (pathname === '/console/logout') {
      this.sessions.end(session);
      response.setHeader('Set-Cookie', clearedSessionCookie);
      return redirect(response, '/console/login');
    }
    if (pathname === '/console/renewals') {
      const holders = form.getAll('holder').map(Number).filter(Number.isInteger);
      if (!holders.length) throw new BackendRefusal('请先选择持有人 Select at least one holder');
      this.service.startUnitRenewals(session.user, holders);
      return redirect(response, '/console?done=renewals');
    }
    if (pathname === '/console/authcodes') {
      const purpose = form.get('purpose');
      if (purpose !== 'reissue' && purpose !== 'unlock') throw new BackendRefusal('unknown purpose');
      const issued = this.service.issueAuthorisationCode(session.user, Number(form.get('holder')), purpose);
      return sendHtml(
        response,
        200,
        authorisationCodePage(session, this.service.people.holder(issued.holderId)!, issued),
      );
    }
    if (pathname === '/console/revoke') {
      this.service.revokeNow(session.user, form.get('serial') ?? '', Number(form.get('reason')));
      return redirect(response, '/console?done=revoked');
    }
    throw new BackendRefusal(`unknown action ${pathname}`);
  }

  private async login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') return sendText(response, 405, 'Method not allowed');
    const form = new URLSearchParams((await readBody(request, maxFormBytes)).toString('utf8'));
    const username = (form.get('username') ?? '').slice(0, 100);
    const user = this.service.people.authenticate(username, (form.get('password') ?? '').slice(0, 200));
    this.service.audit.record(username || '(empty)', user ? 'login' : 'login-failed');
    if (!user) return sendHtml(response, 401, loginPage(true));
    response.setHeader('Set-Cookie', sessionCookie(this.sessions.start(user)));
    redirect(response, '/console');
  }
}
