// The console's pages for the three roles. Each page shows only what the role may act on; the
// routes check again on every POST (console-routes.ts), so a hidden button is never the guard.
import type { CertificateRecord } from '../store/certificates';
import type { Holder } from '../store/people';
import type { RequestRecord } from '../store/requests';
import type { BackendService } from '../workflow/backend-service';
import { kindLabels, stageLabels } from '../workflow/request-state-machine';
import { csrfField, page } from './console-layout';
import { bilingual, html, type Html } from './html';
import type { ConsoleSession } from './sessions';

const dayMs = 86_400_000;
const date = (iso: string): string => iso.slice(0, 10);

export function loginPage(error: boolean): Html {
  return page(
    { zh: '登录', en: 'Log in' },
    null,
    html`${error ? html`<p class="error" role="alert">${bilingual('用户名或密码不正确。', 'Wrong username or password.')}</p>` : ''}
      <form method="post" action="/console/login">
        <p>
          <label for="username">${bilingual('用户名', 'Username')}</label><br /><input
            id="username"
            name="username"
            autocomplete="username"
            required
          />
        </p>
        <p>
          <label for="password">${bilingual('密码', 'Password')}</label><br /><input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </p>
        <p><button type="submit">${bilingual('登录', 'Log in')}</button></p>
      </form>`,
  );
}

function certificateStatus(certificate: CertificateRecord | undefined, now: number): Html {
  if (!certificate) return bilingual('无证书', 'No certificate');
  if (certificate.status === 'revoked')
    return html`<span class="status-revoked">${bilingual('已注销', 'Revoked')}</span>`;
  const daysLeft = Math.floor((Date.parse(certificate.notAfter) - now) / dayMs);
  if (daysLeft < 0) return html`<span class="status-expired">${bilingual('已过期', 'Expired')}</span>`;
  if (daysLeft <= 30)
    return html`<span class="status-expiring"
      >${bilingual(`即将过期·${daysLeft}天`, `Expiring in ${daysLeft} days`)}</span
    >`;
  return bilingual('有效', 'Valid');
}

function reviewForms(session: ConsoleSession, request: RequestRecord): Html {
  const id = request.id;
  return html`<form class="inline" method="post" action="/console/requests/${id}/approve">
      ${csrfField(session)}
      <label for="comment-${id}">${bilingual('审批意见（可选）', 'Comment (optional)')} #${id}</label>
      <input id="comment-${id}" name="comment" maxlength="500" />
      <button type="submit">${bilingual('批准', 'Approve')} #${id}</button>
    </form>
    <form class="inline" method="post" action="/console/requests/${id}/reject">
      ${csrfField(session)}
      <label for="reason-${id}">${bilingual('驳回理由', 'Reason for rejection')} #${id}</label>
      <input id="reason-${id}" name="reason" required maxlength="500" />
      <button type="submit" class="danger">${bilingual('驳回', 'Reject')} #${id}</button>
    </form>`;
}

function requestsTable(
  service: BackendService,
  requests: RequestRecord[],
  actions?: (request: RequestRecord) => Html,
): Html {
  if (!requests.length) return html`<p>${bilingual('没有申请。', 'No requests.')}</p>`;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">#</th>
        <th scope="col">${bilingual('类型', 'Kind')}</th>
        <th scope="col">${bilingual('持有人', 'Holder')}</th>
        <th scope="col">${bilingual('单位', 'Unit')}</th>
        <th scope="col">${bilingual('阶段', 'Stage')}</th>
        <th scope="col">${bilingual('提交时间', 'Submitted')}</th>
        ${actions ? html`<th scope="col">${bilingual('操作', 'Actions')}</th>` : ''}
      </tr>
    </thead>
    <tbody>
      ${requests.map((request) => {
        const holder = service.people.holder(request.holderId)!;
        const unit = service.people.unit(request.unitId)!;
        const stage = stageLabels[request.stage];
        return html`<tr>
          <td><a href="/console/requests/${request.id}">${request.id}</a></td>
          <td>
            ${bilingual(kindLabels[request.kind].zh, kindLabels[request.kind].en)}${request.initiatedBy === 'unit' ? html`（${bilingual('单位发起', 'by the unit')}）` : ''}
          </td>
          <td>${holder.commonName}</td>
          <td>${unit.name}</td>
          <td>
            ${bilingual(stage.zh, stage.en)}${request.rejectReason ? html`：${request.rejectReason}` : ''}
          </td>
          <td>${date(request.createdAt)}</td>
          ${actions ? html`<td>${actions(request)}</td>` : ''}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

const revocationOptions = html`<option value="1">私钥泄露 keyCompromise</option>
  <option value="3">身份信息变更 affiliationChanged</option>
  <option value="5">调动/离职/退休 cessationOfOperation</option>
  <option value="4">已被取代 superseded</option>`;

function revokeForm(session: ConsoleSession, certificate: CertificateRecord): Html {
  const id = `revoke-reason-${certificate.serialHex}`;
  return html`<form class="inline" method="post" action="/console/revoke">
    ${csrfField(session)}
    <input type="hidden" name="serial" value="${certificate.serialHex}" />
    <label for="${id}">${bilingual('注销原因', 'Reason')}</label
    ><select id="${id}" name="reason">
      ${revocationOptions}
    </select>
    <button type="submit" class="danger">${bilingual('注销证书', 'Revoke')}</button>
  </form>`;
}

function holdersSection(
  service: BackendService,
  session: ConsoleSession,
  holders: Holder[],
  now: number,
): Html {
  const rows = holders.map((holder) => {
    const certificate = service.currentCertificate(holder.id) ?? service.certificates.ofHolder(holder.id)[0];
    return html`<tr>
      <td>
        <input
          type="checkbox"
          name="holder"
          value="${holder.id}"
          id="renew-${holder.id}"
          form="renewals"
        /><label for="renew-${holder.id}">${holder.commonName}</label>
      </td>
      <td>${holder.department ?? ''}</td>
      <td>${certificate ? html`<code>${certificate.serialHex}</code>` : '—'}</td>
      <td>${certificate ? date(certificate.notAfter) : '—'}</td>
      <td>${certificateStatus(certificate, now)}</td>
      <td>
        ${['reissue', 'unlock'].map(
          (purpose) =>
            html`<form class="inline" method="post" action="/console/authcodes">
              ${csrfField(session)} <input type="hidden" name="holder" value="${holder.id}" /><input
                type="hidden"
                name="purpose"
                value="${purpose}"
              />
              <button type="submit" class="secondary">
                ${purpose === 'reissue' ? bilingual('补办授权码', 'Re-issue code') : bilingual('解锁授权码', 'Unlock code')}
              </button>
            </form>`,
        )}
        ${certificate && certificate.status === 'valid' ? revokeForm(session, certificate) : ''}
      </td>
    </tr>`;
  });
  return html`<h2>${bilingual('本单位证书持有人', 'Holders of your unit')}</h2>
    <form id="renewals" method="post" action="/console/renewals">${csrfField(session)}</form>
    <table>
      <thead>
        <tr>
          <th scope="col">${bilingual('持有人', 'Holder')}</th>
          <th scope="col">${bilingual('科室', 'Department')}</th>
          <th scope="col">${bilingual('证书序列号', 'Certificate serial')}</th>
          <th scope="col">${bilingual('有效期至', 'Valid until')}</th>
          <th scope="col">${bilingual('状态', 'Status')}</th>
          <th scope="col">${bilingual('操作', 'Actions')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p>
      <button type="submit" form="renewals">
        ${bilingual('为所选持有人申请续期', 'Apply for renewal for the selected holders')}
      </button>
    </p>`;
}

export function dashboardPage(
  service: BackendService,
  session: ConsoleSession,
  notice: Html | null,
  error?: Html,
): Html {
  const { user } = session;
  const now = Date.now();
  const parts: Html[] = [
    notice ? html`<p class="notice" role="status">${notice}</p>` : html``,
    error ? html`<p class="error" role="alert">${error}</p>` : html``,
  ];
  if (user.role === 'unit-admin') {
    const unit = service.people.unit(user.unitId!)!;
    const mine = service.requests.list({ unitId: unit.id });
    parts.push(
      html`<p>${bilingual('单位', 'Unit')}：${unit.name}</p>
        <h2>${bilingual('待本单位审核的申请', 'Requests awaiting your review')}</h2>
        ${requestsTable(
          service,
          mine.filter((request) => request.stage === 'unit-review'),
          (request) => reviewForms(session, request),
        )}
        ${holdersSection(service, session, service.people.holdersOfUnit(unit.id), now)}
        <h2>${bilingual('本单位的全部申请', 'All requests of your unit')}</h2>
        ${requestsTable(service, mine)}`,
    );
  } else if (user.role === 'info-centre') {
    const all = service.requests.list();
    parts.push(
      html`<h2>${bilingual('待信息中心审批的申请', 'Requests awaiting the information centre')}</h2>
        ${requestsTable(
          service,
          all.filter((request) => request.stage === 'centre-review'),
          (request) => reviewForms(session, request),
        )}
        <h2>${bilingual('全部申请', 'All requests')}</h2>
        ${requestsTable(service, all)}`,
    );
  } else {
    const issued = service.certificates.issuedHere();
    parts.push(
      html`<p>
          <a href="/crl">${bilingual('下载证书注销列表（CRL）', 'Download the CRL')}</a> ·
          <a href="/ca.pem">${bilingual('CA证书', 'CA certificate')}</a>
        </p>
        <h2>${bilingual('已签发的证书', 'Issued certificates')}</h2>
        ${
          issued.length
            ? html`<table>
                <thead>
                  <tr>
                    <th scope="col">${bilingual('序列号', 'Serial')}</th>
                    <th scope="col">${bilingual('主题', 'Subject')}</th>
                    <th scope="col">${bilingual('签发', 'Issued')}</th>
                    <th scope="col">${bilingual('有效期至', 'Valid until')}</th>
                    <th scope="col">${bilingual('签收', 'Receipt')}</th>
                    <th scope="col">${bilingual('状态', 'Status')}</th>
                    <th scope="col">${bilingual('操作', 'Actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${issued.map(
                    (certificate) =>
                      html`<tr>
                        <td><code>${certificate.serialHex}</code></td>
                        <td>${certificate.subject}</td>
                        <td>${date(certificate.notBefore)}</td>
                        <td>${date(certificate.notAfter)}</td>
                        <td>
                          ${certificate.receivedAt ? date(certificate.receivedAt) : bilingual('未签收', 'Not yet')}
                        </td>
                        <td>${certificateStatus(certificate, now)}</td>
                        <td>${certificate.status === 'valid' ? revokeForm(session, certificate) : ''}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p>${bilingual('尚未签发证书。', 'No certificates issued yet.')}</p>`
        }
        <h2>${bilingual('全部申请', 'All requests')}</h2>
        ${requestsTable(service, service.requests.list())}`,
    );
  }
  return page({ zh: '证书管理控制台', en: 'Certificate console' }, session, html`${parts}`);
}

export function requestPage(service: BackendService, session: ConsoleSession, request: RequestRecord): Html {
  const holder = service.people.holder(request.holderId)!;
  const kind = kindLabels[request.kind];
  const history = service.requests.history(request.id);
  return page(
    { zh: `申请 #${request.id}`, en: `Request #${request.id}` },
    session,
    html`<p><a href="/console">${bilingual('返回控制台', 'Back to the console')}</a></p>
      <p>
        ${bilingual(kind.zh, kind.en)} · ${holder.commonName} ·
        ${bilingual(stageLabels[request.stage].zh, stageLabels[request.stage].en)}
      </p>
      ${request.rejectReason ? html`<p>${bilingual('驳回理由', 'Reason for rejection')}：${request.rejectReason}</p>` : ''}
      <h2>${bilingual('处理记录', 'History')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">${bilingual('时间', 'When')}</th>
            <th scope="col">${bilingual('从', 'From')}</th>
            <th scope="col">${bilingual('到', 'To')}</th>
            <th scope="col">${bilingual('操作人', 'Who')}</th>
            <th scope="col">${bilingual('理由', 'Why')}</th>
          </tr>
        </thead>
        <tbody>
          ${history.map(
            (row) =>
              html`<tr>
                <td>${row.at}</td>
                <td>${row.fromStage ? stageLabels[row.fromStage].zh : '—'}</td>
                <td>${stageLabels[row.toStage].zh}</td>
                <td>${row.actor}（${row.actorRole}）</td>
                <td>${row.reason ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

export function authorisationCodePage(
  session: ConsoleSession,
  holder: Holder,
  issued: { reference: string; code: string; purpose: 'reissue' | 'unlock'; expiresAt: string },
): Html {
  const purpose =
    issued.purpose === 'reissue' ? bilingual('补办', 're-issue') : bilingual('PIN码解锁', 'PIN unlock');
  return page(
    { zh: '授权码', en: 'Authorisation code' },
    session,
    html`<p class="notice" role="status">
        ${bilingual('授权码只显示这一次，请当面或电话告知持有人。', 'The code is shown only this once: give it to the holder in person or by phone.')}
      </p>
      <dl>
        <dt>${bilingual('持有人', 'Holder')}</dt>
        <dd>${holder.commonName}</dd>
        <dt>${bilingual('用途', 'Purpose')}</dt>
        <dd>${purpose}</dd>
        <dt>${bilingual('参考号', 'Reference number')}</dt>
        <dd class="code" id="reference">${issued.reference}</dd>
        <dt>${bilingual('授权码', 'Authorisation code')}</dt>
        <dd class="code" id="code">${issued.code}</dd>
        <dt>${bilingual('有效期至', 'Valid until')}</dt>
        <dd>${issued.expiresAt.slice(0, 16).replace('T', ' ')} UTC</dd>
      </dl>
      <p><a href="/console">${bilingual('返回控制台', 'Back to the console')}</a></p>`,
  );
}
